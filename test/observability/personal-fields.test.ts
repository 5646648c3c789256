import { Writable } from 'node:stream';
import pino from 'pino';
import { personalFieldsRedaction } from '../../observability/personal-fields';

/** The API's and the workers' loggers redact an applicant's particulars wherever a log call puts them. */
const applicant = { nationalId: '0499370899', fullName: 'Fereshteh Habibzadeh', phone: '+989131112233', address: 'Golestan Alley 7, Lahijan', district: 'lahijan_city' };

function loggedBy(log: (logger: pino.Logger) => void): string {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  log(pino({ level: 'info', redact: personalFieldsRedaction }, stream));
  return text;
}

test.each([
  ['at the top', { ...applicant }],
  ['one level down', { applicant }],
  ['in a submission', { submission: { applicant, agencyReference: 'REF-1' } }],
  ['in a workflow state', { state: { submission: { applicant } } }],
])('particulars %s are redacted, the rest of the line kept', (_where, fields) => {
  const line = loggedBy((logger) => logger.info(fields, 'persisting'));
  for (const value of [applicant.nationalId, applicant.fullName, applicant.phone, applicant.address]) expect(line).not.toContain(value);
  expect(line).toContain('[redacted]');
  expect(line).toContain('lahijan_city');
});
