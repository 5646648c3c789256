import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's Chromium, driven through playwright-core: a test tool's own browser download cannot
 * reach the network here. The network is closed, so Chromium's own background traffic
 * (component updates, sync, QUIC probes) is switched off rather than left to flood the log
 * with refused connections.
 */
const args = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args });
