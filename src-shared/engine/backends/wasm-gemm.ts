import { END, F32, funcBody, funcType, I32, kernelModule, sleb, uleb, V128 } from './wasm-assembler'
import { F32X4_RELAXED_MADD, maddKind, type MaddKind } from './wasm-features'

/**
 * A hand-assembled WebAssembly SIMD module (f32x4) with the two matrix products of a full-batch
 * gradient step, each a register-tiled micro-kernel over packed panels, with the activation work
 * fused into the epilogue / prologue so the n×M pre-activations are touched once each way:
 *
 * - `forward`: pre = X Wᵀ + b over a block of samples, 4 samples × 8 particles per register tile
 *   (8 f32x4 accumulators), then in the epilogue t = pre + b is stored and
 *   fv[k] += a ⊙ σ(t) (a 4-lane partial sum of Σ_i a_i σ(t_ki) per sample);
 * - `backward`: for 4 particles at a time, c = r ⊙ a ⊙ σ′(t) into an L1 scratch panel, with
 *   ga += r σ(t) and gb += c, then gw += cᵀ X, 4 particles × 8 inputs per register tile.
 *
 * σ is any activation of the form σ(t) = c0 + κ·clamp(t, lo, hi), σ′(t) = κ on lo < t < hi, else 0
 * (ReLU: lo = 0, hi = ∞, κ = 1, c0 = 0; a two-knot piecewise-linear σ; the identity with lo = −∞).
 * All pointers are byte offsets into the imported memory `env.mem`; every panel layout is given at
 * the kernel below. The products' multiply-adds are relaxed SIMD's fused f32x4.relaxed_madd where the
 * runtime has it (wasm-features.ts), else f32x4.mul + f32x4.add. Tested on both paths against
 * float64 products in test/unit/engine/wasm-gemm.test.ts.
 */
export interface WasmGemm {
  readonly memory: WebAssembly.Memory
  /**
   * For sample quads q < nq and particle octets o < no: with xp the samples packed as [q][j][4]
   * (dp inputs each), wp the particles packed as [o][j][8], b and a float32 of length 8·no:
   * t = Σ_j x_kj w_ij + b_i is stored at pre + ((2o + (i%8 ≥ 4))·ps + k)·16 + (i%4)·4 (particle
   * quads, ps samples each), and fv[k] (4 lanes, 16 bytes per sample) += a_i σ(t) per lane.
   */
  forward(
    xp: number,
    wp: number,
    b: number,
    a: number,
    pre: number,
    fv: number,
    nq: number,
    no: number,
    ps: number,
    dp: number,
    lo: number,
    hi: number,
    kappa: number,
    c0: number
  ): void
  /**
   * For particle quads g < ng and the ns samples of the block (ns even): t from `pre` laid out as
   * forward writes it (ps = ns), r float32 per sample, c = r a σ′(t) staged at `cbuf` (ns·16 bytes);
   * ga[g] += Σ_k r_k σ(t), gb[g] += Σ_k c (16 bytes per quad), and the gw tile of quad g and input
   * octet jb at gw + (g·jbs + jb)·128 ([4 particles][8 inputs]) += Σ_k c_k ⊗ x_k, with the samples
   * packed as xq[jb][k][8] at stride xs bytes per octet.
   */
  backward(
    pre: number,
    r: number,
    a: number,
    xq: number,
    gw: number,
    ga: number,
    gb: number,
    cbuf: number,
    ng: number,
    ns: number,
    jbs: number,
    xs: number,
    lo: number,
    hi: number,
    kappa: number,
    c0: number
  ): void
}

// opcodes (WebAssembly core 2.0 + fixed-width SIMD)
const LOOP = 0x03
const BR_IF = 0x0d
const LOCAL_GET = 0x20
const LOCAL_SET = 0x21
const LOCAL_TEE = 0x22
const I32_CONST = 0x41
const I32_NE = 0x47
const I32_ADD = 0x6a
const I32_SUB = 0x6b
const I32_MUL = 0x6c
const VOID = 0x40
const SIMD = 0xfd
const V128_LOAD = 0x00
const V128_LOAD32_SPLAT = 0x09
const V128_STORE = 0x0b
const V128_CONST = 0x0c
const F32X4_SPLAT = 0x13
const V128_AND = 0x4e
const F32X4_LT = 0x43
const F32X4_ADD = [0xe4, 0x01]
const F32X4_MUL = [0xe6, 0x01]
const F32X4_PMIN = [0xea, 0x01]
const F32X4_PMAX = [0xeb, 0x01]

type Code = number[]
const get = (l: number): Code => [LOCAL_GET, ...uleb(l)]
const set = (l: number): Code => [LOCAL_SET, ...uleb(l)]
const tee = (l: number): Code => [LOCAL_TEE, ...uleb(l)]
const i32 = (v: number): Code => [I32_CONST, ...sleb(v)]
const simd = (op: number | number[]): Code => [SIMD, ...(Array.isArray(op) ? op : uleb(op))]
/** v128.load of [ptr local + offset] (alignment hint 2^4). */
const load = (ptr: number, offset: number): Code => [
  ...get(ptr),
  ...simd(V128_LOAD),
  4,
  ...uleb(offset)
]
const splatLoad = (ptr: number, offset: number): Code => [
  ...get(ptr),
  ...simd(V128_LOAD32_SPLAT),
  2,
  ...uleb(offset)
]
/** v128.store of the value computed by `value` at [ptr local + offset]. */
const store = (ptr: number, offset: number, value: Code): Code => [
  ...get(ptr),
  ...value,
  ...simd(V128_STORE),
  4,
  ...uleb(offset)
]
const zero = (l: number): Code => [...simd(V128_CONST), ...new Array<number>(16).fill(0), ...set(l)]
const addTo = (l: number, by: number): Code => [...get(l), ...i32(by), I32_ADD, ...set(l)]
/** acc += a · b (f32x4): relaxed_madd (one rounding where the CPU has FMA), or mul then add. */
const madd = (acc: number, a: Code, b: Code, kind: MaddKind): Code =>
  kind === 'fma'
    ? [...a, ...b, ...get(acc), ...simd(F32X4_RELAXED_MADD), ...set(acc)]
    : [...get(acc), ...a, ...b, ...simd(F32X4_MUL), ...simd(F32X4_ADD), ...set(acc)]
/** do { body } while (--counter != 0) */
const countdown = (counter: number, body: Code): Code => [
  LOOP,
  VOID,
  ...body,
  ...get(counter),
  ...i32(1),
  I32_SUB,
  ...tee(counter),
  BR_IF,
  0,
  END
]
/** do { body; l += 1 } while (l != limit) */
const countup = (l: number, limit: number, body: Code): Code => [
  LOOP,
  VOID,
  ...body,
  ...get(l),
  ...i32(1),
  I32_ADD,
  ...tee(l),
  ...get(limit),
  I32_NE,
  BR_IF,
  0,
  END
]
/** c0 + κ·min(hi, max(lo, t)) on the v128 `t`, with splatted lo, hi, κ, c0 locals. */
const sigma = (t: Code, lo: number, hi: number, kappa: number, c0: number): Code => [
  ...get(c0),
  ...get(kappa),
  ...get(hi),
  ...get(lo),
  ...t,
  ...simd(F32X4_PMAX), // lo < t ? t : lo
  ...simd(F32X4_PMIN), // x < hi ? x : hi  (operands: hi, x)
  ...simd(F32X4_MUL),
  ...simd(F32X4_ADD)
]
const splatParam = (param: number, local: number): Code => [
  ...get(param),
  ...simd(F32X4_SPLAT),
  ...set(local)
]

/**
 * forward: params xp, wp, b, a, pre, fv, nq, no, ps, dp (i32), lo, hi, κ, c0 (f32).
 * Sample quad q outer (its 4·dp floats stay in L1), particle octet o inner; the j loop is unrolled
 * by 2 (dp is a multiple of 8).
 */
function forwardBody(kind: MaddKind): number[] {
  const [XP, WP, B, A, PRE, FV, NQ, NO, PS, DP, LO, HI, KAPPA, C0] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
  ]
  // v128 locals 14..28, then i32 locals 29..36
  const acc = [14, 15, 16, 17, 18, 19, 20, 21]
  const [W0, W1, XS, LOV, HIV, KV, CV] = [22, 23, 24, 25, 26, 27, 28]
  const [Q, O, J, WPP, XPP, PP, PP2, FP] = [29, 30, 31, 32, 33, 34, 35, 36]
  const half = (off: number): Code => [
    ...[...load(WPP, off * 32), ...set(W0), ...load(WPP, off * 32 + 16), ...set(W1)],
    ...[0, 1, 2, 3].flatMap((kk) => [
      ...splatLoad(XPP, off * 16 + kk * 4),
      ...set(XS),
      ...madd(acc[2 * kk], get(XS), get(W0), kind),
      ...madd(acc[2 * kk + 1], get(XS), get(W1), kind)
    ])
  ]
  const tile = [
    ...acc.flatMap(zero),
    // wpp = wp + o·dp·32, xpp = xp + q·dp·16
    ...[...get(WP), ...get(O), ...get(DP), I32_MUL, ...i32(32), I32_MUL, I32_ADD, ...set(WPP)],
    ...[...get(XP), ...get(Q), ...get(DP), I32_MUL, ...i32(16), I32_MUL, I32_ADD, ...set(XPP)],
    ...[...get(DP), ...i32(1), 0x76 /* i32.shr_u */, ...set(J)],
    ...countdown(J, [...half(0), ...half(1), ...addTo(WPP, 64), ...addTo(XPP, 32)]),
    // epilogue: W0, W1 = b of the octet; t = acc + b
    ...[...get(B), ...get(O), ...i32(32), I32_MUL, I32_ADD, ...set(WPP)],
    ...[...load(WPP, 0), ...set(W0), ...load(WPP, 16), ...set(W1)],
    ...acc.flatMap((l, idx) => [
      ...get(l),
      ...get(idx % 2 ? W1 : W0),
      ...simd(F32X4_ADD),
      ...set(l)
    ]),
    // pp = pre + (2o·ps + 4q)·16, pp2 = pp + ps·16
    ...[...get(PRE), ...get(O), ...get(PS), I32_MUL, ...i32(2), I32_MUL]
      .concat([...get(Q), ...i32(4), I32_MUL, I32_ADD, ...i32(16), I32_MUL, I32_ADD, ...set(PP)])
      .concat([...get(PP), ...get(PS), ...i32(16), I32_MUL, I32_ADD, ...set(PP2)]),
    ...[0, 1, 2, 3].flatMap((kk) => [
      ...store(PP, kk * 16, get(acc[2 * kk])),
      ...store(PP2, kk * 16, get(acc[2 * kk + 1]))
    ]),
    // W0, W1 = a of the octet; fv[4q + kk] += a0 σ(t0) + a1 σ(t1)
    ...[...get(A), ...get(O), ...i32(32), I32_MUL, I32_ADD, ...set(WPP)],
    ...[...load(WPP, 0), ...set(W0), ...load(WPP, 16), ...set(W1)],
    ...[...get(FV), ...get(Q), ...i32(64), I32_MUL, I32_ADD, ...set(FP)],
    ...[0, 1, 2, 3].flatMap((kk) =>
      store(FP, kk * 16, [
        ...load(FP, kk * 16),
        ...get(W0),
        ...sigma(get(acc[2 * kk]), LOV, HIV, KV, CV),
        ...simd(F32X4_MUL),
        ...simd(F32X4_ADD),
        ...get(W1),
        ...sigma(get(acc[2 * kk + 1]), LOV, HIV, KV, CV),
        ...simd(F32X4_MUL),
        ...simd(F32X4_ADD)
      ])
    )
  ]
  const code = [
    ...splatParam(LO, LOV),
    ...splatParam(HI, HIV),
    ...splatParam(KAPPA, KV),
    ...splatParam(C0, CV),
    ...i32(0),
    ...set(Q),
    ...countup(Q, NQ, [...i32(0), ...set(O), ...countup(O, NO, tile)])
  ]
  return funcBody(
    [
      [15, V128],
      [8, I32]
    ],
    code
  )
}

/**
 * backward: params pre, r, a, xq, gw, ga, gb, cbuf, ng, ns, jbs, xs (i32), lo, hi, κ, c0 (f32).
 * Per particle quad: one prologue pass over its ns pre-activations (c into the scratch panel), then
 * jbs register tiles, each streaming the scratch panel and one packed input octet; k unrolled by 2.
 */
function backwardBody(kind: MaddKind): number[] {
  const [PRE, R, A, XQ, GW, GA, GB, CBUF, NG, NS, JBS, XS, LO, HI, KAPPA, C0] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
  ]
  const acc = [16, 17, 18, 19, 20, 21, 22, 23]
  const [X0, X1, CS, LOV, HIV, KV, CV, T, RS, AV, GAV, GBV, C] = [
    24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36
  ]
  const [G, JB, CNT, PP, RP, CP, XP, TP] = [37, 38, 39, 40, 41, 42, 43, 44]
  const step = (off: number): Code => [
    ...[...load(XP, off * 32), ...set(X0), ...load(XP, off * 32 + 16), ...set(X1)],
    ...[0, 1, 2, 3].flatMap((ii) => [
      ...splatLoad(CP, off * 16 + ii * 4),
      ...set(CS),
      ...madd(acc[2 * ii], get(CS), get(X0), kind),
      ...madd(acc[2 * ii + 1], get(CS), get(X1), kind)
    ])
  ]
  const prologue = [
    ...[...get(PRE), ...get(G), ...get(NS), I32_MUL, ...i32(16), I32_MUL, I32_ADD, ...set(PP)],
    ...[...get(R), ...set(RP), ...get(CBUF), ...set(CP), ...get(NS), ...set(CNT)],
    ...countdown(CNT, [
      ...load(PP, 0),
      ...set(T),
      ...splatLoad(RP, 0),
      ...set(RS),
      ...madd(GAV, get(RS), sigma(get(T), LOV, HIV, KV, CV), kind),
      // c = r · a · (κ where lo < t < hi)
      ...get(RS),
      ...get(AV),
      ...simd(F32X4_MUL),
      ...get(KV),
      ...get(LOV),
      ...get(T),
      ...simd(F32X4_LT),
      ...get(T),
      ...get(HIV),
      ...simd(F32X4_LT),
      ...simd(V128_AND),
      ...simd(V128_AND),
      ...simd(F32X4_MUL),
      ...tee(C),
      ...[...get(GBV), ...simd(F32X4_ADD), ...set(GBV)],
      ...store(CP, 0, get(C)),
      ...addTo(PP, 16),
      ...addTo(RP, 4),
      ...addTo(CP, 16)
    ])
  ]
  const tile = [
    // tp = gw + (g·jbs + jb)·128, xp = xq + jb·xs
    ...[...get(GW), ...get(G), ...get(JBS), I32_MUL, ...get(JB), I32_ADD, ...i32(128), I32_MUL]
      .concat([I32_ADD, ...set(TP)])
      .concat([...get(XQ), ...get(JB), ...get(XS), I32_MUL, I32_ADD, ...set(XP)]),
    ...acc.flatMap((l, idx) => [...load(TP, idx * 16), ...set(l)]),
    ...[...get(CBUF), ...set(CP), ...get(NS), ...i32(1), 0x76, ...set(CNT)],
    ...countdown(CNT, [...step(0), ...step(1), ...addTo(XP, 64), ...addTo(CP, 32)]),
    ...acc.flatMap((l, idx) => store(TP, idx * 16, get(l)))
  ]
  const quad = [
    ...[...get(A), ...get(G), ...i32(16), I32_MUL, I32_ADD, ...set(TP)],
    ...[...load(TP, 0), ...set(AV)],
    ...[...get(GA), ...get(G), ...i32(16), I32_MUL, I32_ADD, ...set(TP)],
    ...[...load(TP, 0), ...set(GAV)],
    ...[...get(GB), ...get(G), ...i32(16), I32_MUL, I32_ADD, ...set(TP)],
    ...[...load(TP, 0), ...set(GBV)],
    ...prologue,
    ...[...get(GA), ...get(G), ...i32(16), I32_MUL, I32_ADD, ...set(TP)],
    ...store(TP, 0, get(GAV)),
    ...[...get(GB), ...get(G), ...i32(16), I32_MUL, I32_ADD, ...set(TP)],
    ...store(TP, 0, get(GBV)),
    ...i32(0),
    ...set(JB),
    ...countup(JB, JBS, tile)
  ]
  const code = [
    ...splatParam(LO, LOV),
    ...splatParam(HI, HIV),
    ...splatParam(KAPPA, KV),
    ...splatParam(C0, CV),
    ...i32(0),
    ...set(G),
    ...countup(G, NG, quad)
  ]
  return funcBody(
    [
      [21, V128],
      [8, I32]
    ],
    code
  )
}

/**
 * The module's bytes; `shared`: it imports a shared memory (threads), up to 4 GiB; `kind`: the
 * multiply-add of the micro-kernels (wasm-features.ts).
 */
export function wasmGemmBytes(shared = false, kind: MaddKind = 'plain'): Uint8Array<ArrayBuffer> {
  return kernelModule({
    types: [
      funcType([...new Array<number>(10).fill(I32), F32, F32, F32, F32], []),
      funcType([...new Array<number>(12).fill(I32), F32, F32, F32, F32], [])
    ],
    sharedMemory: shared,
    functions: [0, 1],
    exports: [
      ['forward', 0],
      ['backward', 1]
    ],
    bodies: [forwardBody(kind), backwardBody(kind)]
  })
}

/**
 * Instantiates the module over a fresh memory of at least `bytes` bytes (shared and fixed in size
 * when `shared`, for helper threads); null without wasm SIMD (or shared memory, when asked).
 * `madd`: 'auto' uses relaxed SIMD's fused multiply-add where the runtime has it.
 */
export function createWasmGemm(
  bytes: number,
  shared = false,
  madd: MaddKind | 'auto' = 'auto'
): (WasmGemm & { module: WebAssembly.Module; madd: MaddKind }) | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly
  if (!wasm) return null
  const kind = maddKind(madd)
  const code = wasmGemmBytes(shared, kind)
  if (!wasm.validate(code)) return null
  const pages = Math.max(1, Math.ceil(bytes / 65536))
  let memory: WebAssembly.Memory
  try {
    memory = new wasm.Memory(
      shared ? { initial: pages, maximum: pages, shared } : { initial: pages }
    )
  } catch {
    return null
  }
  const module = new wasm.Module(code)
  const instance = new wasm.Instance(module, { env: { mem: memory } })
  return {
    memory,
    module,
    madd: kind,
    forward: instance.exports.forward as WasmGemm['forward'],
    backward: instance.exports.backward as WasmGemm['backward']
  }
}
