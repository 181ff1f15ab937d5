/**
 * Lazy loading of gpu.js and probing of its modes. gpu.js is CommonJS and, in Node, loads the
 * native `gl` addon (headless-gl) as soon as it is required, so nothing here runs at import time:
 * `@dam/kernels` loads gpu.js only through the dynamic `import('gpu.js')` below, on the first
 * request for a gpu.js backend or for {@link gpuJsModes}. (tsup keeps `gpu.js` external, as a
 * dependency, so the dynamic import survives bundling; browser bundlers pick gpu.js's own
 * browser build through its `browser` field.)
 */

/** The modes of gpu.js that a {@link GpuJsBackend} can run on. */
export type GpuJsMode = 'gpu' | 'webgl2' | 'webgl' | 'headlessgl' | 'cpu';

/** Every {@link GpuJsMode}, fastest kind first (`cpu` is gpu.js's plain-JavaScript fallback). */
export const GPU_JS_MODES: readonly GpuJsMode[] = ['gpu', 'webgl2', 'webgl', 'headlessgl', 'cpu'];

/** Whether a gpu.js mode works in this process, and why not when it does not. */
export interface GpuJsModeInfo {
  /** The mode. */
  readonly mode: GpuJsMode;
  /** `true` when `createGpuJsBackend({ mode })` will succeed here. */
  readonly available: boolean;
  /** Why the mode is unavailable (empty when available), e.g. `gl package not installed …`. */
  readonly reason: string;
  /** For `gpu`: the gpu.js mode it resolves to here (`headlessgl`, `webgl2` or `webgl`). */
  readonly resolvesTo?: GpuJsMode;
}

// --- The part of gpu.js's API used here (its own typings are looser than this) -----------------

/** gpu.js feature report of one kernel class (`Kernel.features`). */
export interface GpuJsFeatures {
  /** `MAX_TEXTURE_SIZE` of the context. */
  readonly maxTextureSize?: number;
  /** Float pixels can be read back (needed for `precision: 'single'`). */
  readonly isFloatRead?: boolean;
  /** Float textures exist (`OES_texture_float` or WebGL 2). */
  readonly isTextureFloat?: boolean;
}

/** A gpu.js kernel class (`CPUKernel`, `HeadlessGLKernel`, `WebGL2Kernel`, …). */
export interface GpuJsKernelClass {
  /** Class name, e.g. `HeadlessGLKernel`. */
  readonly name: string;
  /** Whether gpu.js can create a context of this kind here (probes once, then cached by gpu.js). */
  readonly isSupported: boolean;
  /** Features of the probed context (`null` before the probe or without a context). */
  readonly features: GpuJsFeatures | null;
}

/** A compiled gpu.js kernel (the callable `kernelRunShortcut`). */
export interface GpuJsKernel {
  /** Runs the kernel (builds it on the first call) and returns its output arrays. */
  (...args: unknown[]): unknown;
  /** Frees the program and textures of the kernel (not the shared context). */
  destroy(removeCanvasReferences?: boolean): void;
}

/** A `GPU` instance. */
export interface GpuJsInstance {
  /** The kernel class gpu.js chose for the requested mode. */
  readonly Kernel: GpuJsKernelClass;
  /** Compiles (lazily, on first call) a kernel from JavaScript source text. */
  createKernel(source: string, settings: Record<string, unknown>): GpuJsKernel;
  /** Frees every kernel and the instance's context (asynchronously; returns a promise). */
  destroy(): unknown;
}

/** The gpu.js module object (`require('gpu.js')`). */
export interface GpuJsModule {
  /** `new GPU({ mode, context, canvas })`. */
  readonly GPU: new (settings: {
    mode?: string;
    context?: unknown;
    canvas?: unknown;
  }) => GpuJsInstance;
  /** `input(flat, [x, y, z])`: a flat array seen by kernels as `a[z][y][x]`, uploaded without copying into nested arrays. */
  readonly input: (value: Float32Array, size: number[]) => unknown;
  /** gpu.js's JavaScript kernel (mode `cpu`). */
  readonly CPUKernel: GpuJsKernelClass;
  /** headless-gl kernel (mode `headlessgl`, Node). */
  readonly HeadlessGLKernel: GpuJsKernelClass;
  /** WebGL 2 kernel (mode `webgl2`, browsers). */
  readonly WebGL2Kernel: GpuJsKernelClass;
  /** WebGL 1 kernel (mode `webgl`, browsers). */
  readonly WebGLKernel: GpuJsKernelClass;
}

let loading: Promise<GpuJsModule> | undefined;

/** Loads gpu.js once (dynamic import of the CommonJS package; its exports may sit on `default`). */
export function loadGpuJs(): Promise<GpuJsModule> {
  loading ??= import('gpu.js').then(
    (namespace: unknown) => {
      const candidates = [namespace, (namespace as { default?: unknown }).default];
      for (const candidate of candidates) {
        if (candidate !== null && typeof candidate === 'object' && typeof (candidate as { GPU?: unknown }).GPU === 'function') {
          return candidate as GpuJsModule;
        }
      }
      throw new Error('gpu.js loaded but exports no GPU class');
    },
    (error: unknown) => {
      loading = undefined;
      throw new Error(notInstalled(error) ? GPU_JS_MISSING : `gpu.js could not be loaded: ${describe(error)}`, { cause: error });
    },
  );
  return loading;
}

/** gpu.js is an optional peer dependency of @dam/kernels: only its gpu.js backends need it. */
const GPU_JS_MISSING = 'gpu.js is not installed: the gpu.js backends need it (npm install gpu.js); the js and wasm-simd backends do not';

/**
 * Whether `error` says that a package could not be found: Node's ESM or CommonJS resolution, a
 * browser's unresolved bare specifier, or the module a bundler substitutes for a missing package
 * (vite: `Could not resolve "gpu.js" imported by "@dam/kernels". Is it installed?`).
 */
function notInstalled(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return true;
  return (
    error instanceof Error &&
    /Failed to resolve module specifier|Failed to fetch dynamically imported module|Could not resolve "gpu\.js"/.test(error.message)
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0] ?? error.message) : String(error);
}

function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions === 'object' && typeof process.versions.node === 'string';
}

/** Why gpu.js's kernel class cannot run single-precision kernels, or `''` when it can. */
function floatSupport(kernel: GpuJsKernelClass): string {
  const features = kernel.features;
  if (features === null) return 'gpu.js could not read the context features';
  if (features.isTextureFloat !== true) return 'the context has no float textures (OES_texture_float)';
  if (features.isFloatRead !== true) return 'the context cannot read back float pixels (precision "single")';
  return '';
}

/** A headless-gl (WebGL 1) context, as far as it is used here. */
export interface HeadlessContext {
  getExtension(name: string): unknown;
}

/** Minimal view of the `gl` package: `require('gl')(width, height, attributes)` → a context or null. */
type CreateHeadlessContext = (width: number, height: number, attributes: Record<string, unknown>) => HeadlessContext | null;

/** Loads the `gl` package the way gpu.js does (from gpu.js's own location), or returns why it cannot. Node only. */
function loadGl(): CreateHeadlessContext | string {
  if (!isNode()) return 'headless-gl runs only in Node.js';
  const { createRequire } = process.getBuiltinModule('node:module') as typeof import('node:module');
  let requireFromGpuJs: NodeJS.Require;
  try {
    // gpu.js requires `gl` from its own location (an optional dependency of gpu.js and of this package).
    requireFromGpuJs = createRequire(createRequire(import.meta.url).resolve('gpu.js'));
  } catch (error) {
    return notInstalled(error) ? GPU_JS_MISSING : `gpu.js could not be resolved from @dam/kernels: ${describe(error)}`;
  }
  try {
    requireFromGpuJs.resolve('gl');
  } catch {
    return (
      'gl package not installed (the optional dependency `gl` is missing, usually because its native build failed: ' +
      'it needs python3, make, g++ and `apt-get install libxi-dev libglu1-mesa-dev libglew-dev pkg-config`, then reinstall)'
    );
  }
  try {
    return requireFromGpuJs('gl') as CreateHeadlessContext;
  } catch (error) {
    return `gl package is installed but its native addon failed to load: ${describe(error)}`;
  }
}

/** The context attributes gpu.js asks headless-gl for. */
const HEADLESS_CONTEXT_ATTRIBUTES = { preserveDrawingBuffer: true };

/**
 * A new headless-gl context for the kernels of one backend to share (one context per kernel,
 * gpu.js's default, makes every kernel compile ~6× slower). Throws with the reason when there is none.
 */
export function createHeadlessContext(): HeadlessContext {
  const createContext = loadGl();
  if (typeof createContext === 'string') throw new Error(createContext);
  const context = createContext(2, 2, HEADLESS_CONTEXT_ATTRIBUTES);
  if (context === null) throw new Error('headless-gl could not create a context');
  return context;
}

/** Why headless-gl cannot give gpu.js a context here, or `''` when it can. Node only. */
function probeHeadlessGl(gpuJs: GpuJsModule): string {
  const context = openHeadlessContext();
  if (typeof context === 'string') return context;
  const hasFloat = context.getExtension('OES_texture_float') !== null;
  destroyHeadlessContext(context);
  if (!hasFloat) return 'headless-gl context has no float textures (OES_texture_float)';
  if (!gpuJs.HeadlessGLKernel.isSupported) return 'gpu.js reports its headlessgl kernel unsupported here';
  return floatSupport(gpuJs.HeadlessGLKernel);
}

/**
 * Why no gpu.js GL mode (`gpu`, `headlessgl`, `webgl2`, `webgl`) can work here, when that can be
 * told without loading gpu.js (a large module): in Node without a DOM, when headless-gl is missing
 * or cannot create a context. `undefined` when a GL mode may work (then {@link gpuJsModes} decides).
 */
export function glModesUnavailable(): string | undefined {
  if (!isNode() || typeof document !== 'undefined') return undefined;
  const context = openHeadlessContext();
  if (typeof context === 'string') return context;
  destroyHeadlessContext(context);
  return undefined;
}

/** A 1×1 headless-gl context, or why none can be created here (gl missing, no X display, no driver). */
function openHeadlessContext(): HeadlessContext | string {
  // On Linux headless-gl creates its contexts through an X display (GLX): without DISPLAY it always
  // fails, so say so without loading gl (its addon and modules cost ~30 ms of every `auto`).
  if (isNode() && process.platform === 'linux' && (process.env.DISPLAY ?? '') === '') return noContextReason(undefined);
  const createContext = loadGl();
  if (typeof createContext === 'string') return createContext;
  let context: HeadlessContext | null;
  try {
    context = createContext(1, 1, HEADLESS_CONTEXT_ATTRIBUTES);
  } catch (error) {
    return `headless-gl could not create a context: ${describe(error)}`;
  }
  if (context !== null) return context;
  return noContextReason(process.env.DISPLAY);
}

/** Why headless-gl has no context, given the X display it was pointed at. */
function noContextReason(display: string | undefined): string {
  return (
    'headless-gl could not create a context (' +
    (display === undefined || display === '' ? 'DISPLAY is not set: no X display? ' : `DISPLAY=${display}: is that X server up? `) +
    'run under `xvfb-run -a`, with Mesa installed: libgl1-mesa-dri)'
  );
}

/** Frees a headless-gl context now (rather than at garbage collection). */
export function destroyHeadlessContext(context: HeadlessContext): void {
  (context.getExtension('STACKGL_destroy_context') as { destroy?: () => void } | null)?.destroy?.();
}

/** A shared canvas for the WebGL kernels of one backend in a browser (browsers cap live contexts at ~16). */
export function createSharedCanvas(): unknown {
  if (typeof document !== 'undefined') return (document as { createElement(tag: string): unknown }).createElement('canvas');
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(2, 2);
  return undefined;
}

declare const OffscreenCanvas: (new (width: number, height: number) => unknown) | undefined;

function probeBrowserGl(kernel: GpuJsKernelClass, api: 'WebGL2' | 'WebGL'): string {
  if (typeof document === 'undefined') return `${api} needs a browser (no DOM here; in Node use headlessgl)`;
  let supported = false;
  try {
    supported = kernel.isSupported;
  } catch (error) {
    return `${api} probe failed: ${describe(error)}`;
  }
  if (!supported) return `this browser could not create a ${api} context`;
  return floatSupport(kernel);
}

declare const document: unknown;

let probing: Promise<GpuJsModeInfo[]> | undefined;

/**
 * Which gpu.js modes work in this process, and why the others do not: `cpu` works wherever
 * gpu.js loads; `headlessgl` needs Node, the optional native `gl` package (built from source
 * at install time) and an X display (`xvfb-run -a` on a server); `webgl2` / `webgl` need a browser
 * whose context has float textures; `gpu` is available when one of those three is, and says
 * which in `resolvesTo`. Async because it loads gpu.js (and with it `gl`) on first use; the
 * answer is computed once per process.
 */
export function gpuJsModes(): Promise<GpuJsModeInfo[]> {
  probing ??= loadGpuJs().then(
    (gpuJs) => {
      const headlessgl = probeHeadlessGl(gpuJs);
      const webgl2 = probeBrowserGl(gpuJs.WebGL2Kernel, 'WebGL2');
      const webgl = probeBrowserGl(gpuJs.WebGLKernel, 'WebGL');
      // The order of gpu.js's own choice for mode 'gpu' (its kernelOrder, GL kernels only).
      const gl: [GpuJsMode, string][] = [
        ['headlessgl', headlessgl],
        ['webgl2', webgl2],
        ['webgl', webgl],
      ];
      const chosen = gl.find(([, reason]) => reason === '');
      const gpu: GpuJsModeInfo =
        chosen === undefined
          ? {
              mode: 'gpu',
              available: false,
              reason: `no WebGL context with float textures here (${gl.map(([mode, reason]) => `${mode}: ${reason}`).join('; ')})`,
            }
          : { mode: 'gpu', available: true, reason: '', resolvesTo: chosen[0] };
      const info = (mode: GpuJsMode, reason: string): GpuJsModeInfo => ({ mode, available: reason === '', reason });
      return [gpu, info('webgl2', webgl2), info('webgl', webgl), info('headlessgl', headlessgl), info('cpu', '')];
    },
    (error: unknown) => {
      probing = undefined;
      const reason = describe(error);
      return GPU_JS_MODES.map((mode) => ({ mode, available: false, reason }));
    },
  );
  return probing.then((list) => list.map((entry) => ({ ...entry })));
}
