// Face detection, offline, for suggested redactions: @vladmandic/face-api's SSD MobileNet v1 model,
// whose weights ship inside the npm package (model/), run on TensorFlow.js's WebAssembly backend,
// whose .wasm files ship inside @tensorflow/tfjs-backend-wasm. Nothing is downloaded at run time
// (tfjs-node, which fetches a native binary at install, is not used). The picture analysed is the
// upright image, so boxes come out in the frame region coordinates use.
import { createRequire } from 'node:module';
import path from 'node:path';
import sharp from 'sharp';
import type * as FaceApiModule from '@vladmandic/face-api/dist/face-api.node-wasm.js';
import type * as Tf from '@tensorflow/tfjs';

export interface FaceBox {
  /** Normalized (0..1) to the displayed, upright image. */
  x: number;
  y: number;
  w: number;
  h: number;
  score: number;
}

type FaceApi = typeof FaceApiModule;

/** Longest side analysed: enough for faces down to about 20 px in a 2048 px preview, and a bounded cost. */
const ANALYSE_SIZE = 1600;
export const MIN_SCORE = 0.5;

let loading: Promise<FaceApi> | null = null;

/** Loads TensorFlow.js (WebAssembly) and the detector once per process. */
function load(): Promise<FaceApi> {
  loading ??= (async () => {
    const require = createRequire(import.meta.url);
    const tf = require('@tensorflow/tfjs') as typeof Tf;
    require('@tensorflow/tfjs-backend-wasm');
    const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js') as FaceApi;
    await tf.setBackend('wasm');
    await tf.ready();
    const modelDir = path.join(path.dirname(require.resolve('@vladmandic/face-api')), '..', 'model');
    await faceapi.nets.ssdMobilenetv1.loadFromDisk(modelDir);
    return faceapi;
  })().catch((err: unknown) => {
    loading = null; // let a later call try again
    throw new Error(`Face detection could not start: ${(err as Error).message}`, { cause: err });
  });
  return loading;
}

/** Faces in an image file (oriented by its EXIF), best first. */
export async function detectFaces(file: string, minScore = MIN_SCORE): Promise<FaceBox[]> {
  const faceapi = await load();
  const { data, info } = await sharp(file, { failOn: 'none', limitInputPixels: 200_000_000 })
    .rotate()
    .resize(ANALYSE_SIZE, ANALYSE_SIZE, { fit: 'inside', withoutEnlargement: true })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const input = faceapi.tf.tensor3d(new Uint8Array(data.buffer, data.byteOffset, data.length), [info.height, info.width, 3], 'int32');
  try {
    const found = await faceapi.detectAllFaces(input as never, new faceapi.SsdMobilenetv1Options({ minConfidence: minScore, maxResults: 100 }));
    const clamp = (v: number) => Math.min(1, Math.max(0, v));
    return found
      .map((d) => {
        const x = clamp(d.box.x / info.width);
        const y = clamp(d.box.y / info.height);
        return { x, y, w: clamp((d.box.x + d.box.width) / info.width) - x, h: clamp((d.box.y + d.box.height) / info.height) - y, score: d.score };
      })
      .filter((b) => b.w > 0 && b.h > 0)
      .sort((a, b) => b.score - a.score);
  } finally {
    input.dispose();
  }
}
