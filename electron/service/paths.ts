// Where an archive lives when the user has not chosen one: beside the desktop app's own user data.
import os from 'node:os';
import path from 'node:path';

export const APP_NAME = 'Damage Archive';

/** Same folder Electron's app.getPath('userData') gives, so the desktop app and browser mode share it. */
export function userDataDir(): string {
  switch (process.platform) {
    case 'win32':
      return path.join(process.env.APPDATA ?? path.join(os.homedir(), 'AppData', 'Roaming'), APP_NAME);
    case 'darwin':
      return path.join(os.homedir(), 'Library', 'Application Support', APP_NAME);
    default:
      return path.join(process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config'), APP_NAME);
  }
}

export function defaultArchiveDir(base = userDataDir()): string {
  return path.join(base, 'Archive');
}
