// A video's poster frame, made by the ffmpeg binary that @ffmpeg-installer ships inside its npm
// package (nothing downloaded at install or run time). ffmpeg turns the frame by the track's
// rotation matrix itself. Where no binary exists for the platform, videos show "No preview".
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

let ffmpegPath: string | null | undefined;

function ffmpeg(): string | null {
  if (ffmpegPath === undefined) {
    try {
      const found = (createRequire(import.meta.url)('@ffmpeg-installer/ffmpeg') as { path: string }).path;
      // Packaged apps run it from app.asar.unpacked (see electron-builder.yml asarUnpack).
      ffmpegPath = found.replace(`app.asar${'/'}`, `app.asar.unpacked${'/'}`);
    } catch {
      ffmpegPath = null;
    }
  }
  return ffmpegPath;
}

const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** The first frame as a JPEG, or null when there is no decoder or the video has no picture. */
export async function posterFrame(file: string, timeoutMs = 30_000): Promise<Buffer | null> {
  const bin = ffmpeg();
  if (!bin) return null;
  // Only local files: a video may reference other resources, which must never be fetched.
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-protocol_whitelist', 'file', '-i', `file:${file}`, '-frames:v', '1', '-f', 'image2pipe', '-vcodec', 'mjpeg', '-'];
  return new Promise((resolve) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    let size = 0;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FRAME_BYTES) child.kill('SIGKILL');
      else chunks.push(c);
    });
    child.on('error', () => {
      clearTimeout(timer);
      resolve(null);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      const jpeg = Buffer.concat(chunks);
      resolve(code === 0 && jpeg.length > 2 && jpeg[0] === 0xff && jpeg[1] === 0xd8 ? jpeg : null);
    });
  });
}
