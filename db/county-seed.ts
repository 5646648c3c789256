import { createUserWithKey } from '../api/api-keys';
import { issueOneTimePassword } from '../api/console/people';
import type { Role } from '../domain/vocabulary';
import type { PrismaClient } from '../generated/prisma/client';

type Kind = 'agency' | 'support_institution' | 'bank' | 'governors_office' | 'provincial_office' | 'operator';

interface SeedOrganization {
  id: string;
  kind: Kind;
  name: string;
  nameFa: string;
  role: Role;
}

/** Lahijan county's set-up as the governor's working group named it. */
export const countyOrganizations: SeedOrganization[] = [
  { id: 'coop-labour-welfare', kind: 'agency', name: 'Cooperatives, Labour and Social Welfare Office', nameFa: 'اداره تعاون، کار و رفاه اجتماعی', role: 'agency' },
  { id: 'relief-committee', kind: 'agency', name: 'Imam Khomeini Relief Committee', nameFa: 'کمیته امداد امام خمینی', role: 'agency' },
  { id: 'welfare-organization', kind: 'agency', name: 'Welfare Organization', nameFa: 'اداره بهزیستی', role: 'agency' },
  { id: 'alavi-foundation', kind: 'support_institution', name: 'Alavi Foundation', nameFa: 'بنیاد علوی', role: 'agency' },
  { id: 'barakat-foundation', kind: 'support_institution', name: 'Barakat Foundation', nameFa: 'بنیاد برکت', role: 'agency' },
  { id: 'bank-melli', kind: 'bank', name: 'Bank Melli', nameFa: 'بانک ملی', role: 'bank' },
  { id: 'bank-sepah', kind: 'bank', name: 'Bank Sepah', nameFa: 'بانک سپه', role: 'bank' },
  { id: 'bank-keshavarzi', kind: 'bank', name: 'Bank Keshavarzi', nameFa: 'بانک کشاورزی', role: 'bank' },
  { id: 'bank-tosee-taavon', kind: 'bank', name: "Tose'e Ta'avon Bank", nameFa: 'بانک توسعه تعاون', role: 'bank' },
  { id: 'post-bank', kind: 'bank', name: 'Post Bank', nameFa: 'پست بانک', role: 'bank' },
  { id: 'bank-mehr-iran', kind: 'bank', name: 'Mehr Iran Bank', nameFa: 'بانک قرض‌الحسنه مهر ایران', role: 'bank' },
  { id: 'governors-office', kind: 'governors_office', name: "Lahijan Governor's Office", nameFa: 'فرمانداری لاهیجان', role: 'official' },
  { id: 'operator', kind: 'operator', name: 'System operator', nameFa: 'راهبر سامانه', role: 'admin' },
];

export interface IssuedKey {
  organizationId: string;
  userId: string;
  role: Role;
  apiKey: string;
  /** The console's username and, where the user had none yet, a one-time password. */
  username: string;
  password: string | null;
}

/**
 * Creates the organizations and one user each (if absent) and issues each user a new key; a
 * user without a password gets a one-time one (the username is the organization's id). A bank
 * gets a second user (`<bank-id>-2`): four eyes is on, and a tranche needs two people.
 */
export async function seedCounty(prisma: PrismaClient): Promise<IssuedKey[]> {
  const keys: IssuedKey[] = [];
  for (const org of countyOrganizations) {
    const { role, ...organization } = org;
    // A placeholder desk address (.example is reserved) so reminders have somewhere to go;
    // the county replaces it with the real one.
    const contactEmail = `${org.id}@lahijan.example`;
    await prisma.organization.upsert({ where: { id: org.id }, create: { ...organization, contactEmail }, update: {} });
    const people = org.kind === 'bank' ? [org.id, `${org.id}-2`] : [org.id];
    for (const [index, name] of people.entries()) {
      const userId = `${name}-user`;
      const apiKey = await createUserWithKey(prisma, { id: userId, organizationId: org.id, role, name: `${org.name} user${index > 0 ? ` ${index + 1}` : ''}` });
      const user = await prisma.user.findUniqueOrThrow({ where: { id: userId } });
      const username = user.username ?? name;
      const password = user.passwordHash ? null : await issueOneTimePassword(prisma, userId, username);
      keys.push({ organizationId: org.id, userId, role, apiKey, username, password });
    }
  }
  return keys;
}

export const formatKeys = (keys: IssuedKey[]): string =>
  keys.map((k) => `${k.role.padEnd(8)} ${k.username.padEnd(22)} ${k.apiKey}`).join('\n');

/** Each console username with its one-time password (users who had one already are left out). */
export const formatPasswords = (keys: IssuedKey[]): string =>
  keys
    .filter((k) => k.password !== null)
    .map((k) => `${k.role.padEnd(8)} ${k.username.padEnd(22)} ${k.password}`)
    .join('\n');

/** One line per user: its API key, and beside it the console username and one-time password. */
export const formatKeysAndPasswords = (keys: IssuedKey[]): string =>
  [`${'role'.padEnd(8)} ${'organization'.padEnd(22)} ${'API key'.padEnd(46)} console username / one-time password`]
    .concat(keys.map((k) => `${k.role.padEnd(8)} ${k.organizationId.padEnd(22)} ${k.apiKey.padEnd(46)} ${k.username} / ${k.password ?? '(unchanged)'}`))
    .join('\n');
