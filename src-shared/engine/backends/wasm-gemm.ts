import { END, F32, funcBody, funcType, I32, kernelModule, sleb, uleb, V128 } from './wasm-assembler'
import { F32X4_RELAXED_MADD, maddKind, type MaddKind } from './wasm-features'

/**
 * A hand-assembled WebAssembly SIMD module (f32x4) with the kernels of a full-batch gradient step:
 * one register-tiled matrix product and the passes that replace the second one, with the
 * activation work fused in so the n×M pre-activations are touched once each way:
 *
 * - `forward`: pre = X Wᵀ + b over a block of samples, 4 samples × 8 particles per register tile
 *   (8 f32x4 accumulators), then in the epilogue t = pre + b is stored and
 *   fv[k] += a ⊙ σ(t) (a 4-lane partial sum of Σ_i a_i σ(t_ki) per sample);
 * - `masks`: for 4 particles at a time, ga += r σ(t), gb += r a σ′(t), and which particles are
 *   active (σ′ ≠ 0) for each sample, as 8 bits per group of 8 samples;
 * - `tables` and `sweep`: the w-gradient Σ_k r_k σ′(t_ki) x_k (times a_i, by the caller) as a 0/1
 *   matrix times r ⊙ X by the method of the Four Russians: the 256 subset sums of r_k x_k over
 *   each group of 8 samples are tabulated, and each particle adds the row its 8 bits pick.
 *
 * σ is any activation of the form σ(t) = c0 + κ·clamp(t, lo, hi), σ′(t) = κ on lo < t < hi, else 0
 * (ReLU: lo = 0, hi = ∞, κ = 1, c0 = 0; a two-knot piecewise-linear σ; the identity with lo = −∞).
 * All pointers are byte offsets into the imported memory `env.mem`; every panel layout is given at
 * the kernel below. The multiply-adds are relaxed SIMD's fused f32x4.relaxed_madd where the runtime
 * has it (wasm-features.ts), else f32x4.mul + f32x4.add. Tested on both paths against
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
   * For particle quads g < ng and the ns samples of the block (ns a multiple of 8): t from `pre`
   * laid out as forward writes it (ps = ns), r float32 per sample; ga[g] += Σ_k r_k σ(t),
   * gb[g] += Σ_k r_k a (κ where lo < t < hi) (16 bytes per quad), and the active sets as bits: for
   * group G of samples 8G..8G+7, the int32 at bits + ((g·ns/8 + G)·4 + i%4)·4 has bit j set when
   * lo < t < hi for particle i and sample 8G + j.
   */
  masks(
    pre: number,
    r: number,
    a: number,
    ga: number,
    gb: number,
    bits: number,
    ng: number,
    ns: number,
    lo: number,
    hi: number,
    kappa: number,
    c0: number
  ): void
  /**
   * For groups G < ngr of 8 samples and panels p < npan of 32 inputs: the 256 subset sums
   * Σ_{j ∈ s} r_{8G+j} x_{8G+j} as float32 rows of 32 at tab + ((G·npan + p)·256 + s)·128, with the
   * samples' inputs as rows of dpt floats (dpt ≥ 32·npan, zero-padded) at xr and r float32 each.
   */
  tables(xr: number, r: number, tab: number, ngr: number, dpt: number, npan: number): void
  /**
   * For particles i0 ≤ i < i0 + cnt: gw[i] (a row of gws bytes, 128 per panel) += the table rows
   * its bits pick, one per group of 8 samples: Σ_k r_k x_k over the samples where i is active.
   */
  sweep(
    tab: number,
    bits: number,
    gw: number,
    i0: number,
    cnt: number,
    ngr: number,
    npan: number,
    gws: number
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
const I32_AND = 0x71
const I32_SHL = 0x74
const I32_SHR_U = 0x76
const I32_LOAD = 0x28
const VOID = 0x40
const SIMD = 0xfd
const V128_LOAD = 0x00
const V128_LOAD32_SPLAT = 0x09
const V128_STORE = 0x0b
const V128_CONST = 0x0c
const F32X4_SPLAT = 0x13
const V128_AND = 0x4e
const V128_OR = 0x50
const F32X4_LT = 0x43
const F32X4_ADD = [0xe4, 0x01]
const I32X4_ADD = [0xae, 0x01]
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
/** The 16 bytes of a v128.const with the int32 `v` in every lane. */
const i32x4Bytes = (v: number): number[] =>
  [0, 1, 2, 3].flatMap(() => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24])
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
 * Sample quad q outer (its 4·dp floats stay in L1), particle octet o inner, one input j per
 * iteration of the innermost loop.
 */
function forwardBody(kind: MaddKind): number[] {
  const [XP, WP, B, A, PRE, FV, NQ, NO, PS, DP, LO, HI, KAPPA, C0] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
  ]
  // v128 locals 14..28, then i32 locals 29..36
  const acc = [14, 15, 16, 17, 18, 19, 20, 21]
  const [W0, W1, XS, LOV, HIV, KV, CV] = [22, 23, 24, 25, 26, 27, 28]
  const [Q, O, J, WPP, XPP, PP, PP2, FP] = [29, 30, 31, 32, 33, 34, 35, 36]
  // one input j per iteration: TurboFan issues a body's loads first, so 2 W + 4 x + 8
  // accumulators (14 v128) fit x64's 15 allocatable registers; unrolled by 2 they did not (20 live,
  // accumulators spilled every iteration: 26 against 44 GFLOP/s on an AMD EPYC core)
  const input = (): Code => [
    ...[...load(WPP, 0), ...set(W0), ...load(WPP, 16), ...set(W1)],
    ...[0, 1, 2, 3].flatMap((kk) => [
      ...splatLoad(XPP, kk * 4),
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
    ...[...get(DP), ...set(J)],
    ...countdown(J, [...input(), ...addTo(WPP, 32), ...addTo(XPP, 16)]),
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
 * masks: params pre, r, a, ga, gb, bits, ng, ns (i32), lo, hi, κ, c0 (f32).
 * Per particle quad: one pass over its ns pre-activations (ns a multiple of 8): ga += r σ(t),
 * gb += a κ Σ_k r_k [lo < t < hi], and per group of 8 samples the 4 particles' active sets as bits
 * (sample 8G + j → bit j), stored as 4 int32 at bits + (g·ns/8 + G)·16.
 */
function masksBody(kind: MaddKind): number[] {
  const [PRE, R, A, GA, GB, BITS, NG, NS, LO, HI, KAPPA, C0] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
  ]
  const [LOV, HIV, KV, CV, T, RS, GAV, SRV, M, BV, WT] = [
    12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22
  ]
  const [G, CNT, PP, RP, BP, J] = [23, 24, 25, 26, 27, 28]
  const at = (base: number, bytes: number): Code => [
    ...[...get(base), ...get(G), ...i32(bytes), I32_MUL, I32_ADD, ...set(BP)]
  ]
  // one sample per iteration (unrolled, TurboFan's hoisted loads spilled the accumulators):
  // ga += r σ(t); m = lo < t < hi (all-ones lanes); Σ r m; bits |= m & wt, wt = 2^j per lane
  const sample = [
    ...[...load(PP, 0), ...set(T), ...splatLoad(RP, 0), ...set(RS)],
    ...madd(GAV, get(RS), sigma(get(T), LOV, HIV, KV, CV), kind),
    ...[...get(LOV), ...get(T), ...simd(F32X4_LT), ...get(T), ...get(HIV), ...simd(F32X4_LT)],
    ...[...simd(V128_AND), ...set(M)],
    ...[...get(SRV), ...get(RS), ...get(M), ...simd(V128_AND), ...simd(F32X4_ADD), ...set(SRV)],
    ...[...get(BV), ...get(M), ...get(WT), ...simd(V128_AND), ...simd(V128_OR), ...set(BV)],
    ...[...get(WT), ...get(WT), ...simd(I32X4_ADD), ...set(WT)],
    ...addTo(PP, 16),
    ...addTo(RP, 4)
  ]
  const quad = [
    ...[...at(GA, 16), ...load(BP, 0), ...set(GAV)],
    ...zero(SRV),
    ...[...get(PRE), ...get(G), ...get(NS), I32_MUL, ...i32(16), I32_MUL, I32_ADD, ...set(PP)],
    ...[...get(BITS), ...get(G), ...get(NS), I32_MUL, ...i32(2), I32_MUL, I32_ADD, ...set(BP)],
    ...[...get(R), ...set(RP), ...get(NS), ...i32(3), I32_SHR_U, ...set(CNT)],
    ...countdown(CNT, [
      ...zero(BV),
      ...[...simd(V128_CONST), ...i32x4Bytes(1), ...set(WT)],
      ...[...i32(8), ...set(J)],
      ...countdown(J, sample),
      ...store(BP, 0, get(BV)),
      ...addTo(BP, 16)
    ]),
    ...[...at(GA, 16), ...store(BP, 0, get(GAV))],
    // gb += a κ Σ_k r_k m_k: σ′ is κ or 0
    ...[...at(A, 16), ...load(BP, 0), ...get(KV), ...simd(F32X4_MUL), ...set(T)],
    ...at(GB, 16),
    ...store(BP, 0, [
      ...load(BP, 0),
      ...get(T),
      ...get(SRV),
      ...simd(F32X4_MUL),
      ...simd(F32X4_ADD)
    ])
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
      [11, V128],
      [6, I32]
    ],
    code
  )
}

/**
 * tables: params xr, r, tab, ngr, dpt, npan (i32). For each group G < ngr of 8 samples and panel
 * p < npan of 32 inputs, the 256 subset sums T[s] = Σ_{j ∈ s} r_{8G+j} x_{8G+j} (inputs 32p..32p+31)
 * as rows of 128 bytes at tab + ((G·npan + p)·256 + s)·128, built by doubling: T[0] = 0,
 * T[2^j + s] = T[s] + r_j x_j. The samples' inputs are rows of dpt floats at xr, r float32 each.
 */
function tablesBody(): number[] {
  const [XR, R, TAB, NGR, DPT, NPAN] = [0, 1, 2, 3, 4, 5]
  const v = [6, 7, 8, 9, 10, 11, 12, 13]
  const RSV = 14
  const [G, P, CNT, SRC, DST, XP, TP] = [15, 16, 17, 18, 19, 20, 21]
  const U = [0, 1, 2, 3, 4, 5, 6, 7]
  const bit = (j: number): Code => [
    // xp = xr + ((8G + j)·dpt + 32p)·4: the sample's inputs of this panel
    ...[...get(G), ...i32(8), I32_MUL, ...i32(j), I32_ADD, ...get(DPT), I32_MUL],
    ...[
      ...get(P),
      ...i32(32),
      I32_MUL,
      I32_ADD,
      ...i32(4),
      I32_MUL,
      ...get(XR),
      I32_ADD,
      ...set(XP)
    ],
    ...[...get(G), ...i32(32), I32_MUL, ...get(R), I32_ADD, ...set(SRC)],
    ...[...splatLoad(SRC, j * 4), ...set(RSV)],
    ...U.flatMap((u) => [...get(RSV), ...load(XP, u * 16), ...simd(F32X4_MUL), ...set(v[u])]),
    ...[...get(TP), ...set(SRC), ...get(TP), ...i32(128 << j), I32_ADD, ...set(DST)],
    ...[...i32(1 << j), ...set(CNT)],
    ...countdown(CNT, [
      ...U.flatMap((u) =>
        store(DST, u * 16, [...load(SRC, u * 16), ...get(v[u]), ...simd(F32X4_ADD)])
      ),
      ...addTo(SRC, 128),
      ...addTo(DST, 128)
    ])
  ]
  const panel = [
    // tp = tab + (G·npan + p)·32768
    ...[...get(G), ...get(NPAN), I32_MUL, ...get(P), I32_ADD, ...i32(32768), I32_MUL],
    ...[...get(TAB), I32_ADD, ...set(TP)],
    ...U.flatMap((u) => store(TP, u * 16, [...simd(V128_CONST), ...new Array<number>(16).fill(0)])),
    ...U.flatMap(bit)
  ]
  const code = [
    ...i32(0),
    ...set(G),
    ...countup(G, NGR, [...i32(0), ...set(P), ...countup(P, NPAN, panel)])
  ]
  return funcBody(
    [
      [9, V128],
      [7, I32]
    ],
    code
  )
}

/**
 * sweep: params tab, bits, gw, i0, cnt, ngr, npan, gws (i32). For particles i0 ≤ i < i0 + cnt and
 * panels p < npan: gw[i] (rows of gws bytes, 128 per panel) += Σ_{G < ngr} T_{G,p}[bits of i in G],
 * i.e. Σ_k m_ki r_k x_k over the block's samples with one table row per 8 samples (tables as laid
 * out by `tables`, bits by `masks`).
 */
function sweepBody(): number[] {
  const [TAB, BITS, GW, I0, CNT, NGR, NPAN, GWS] = [0, 1, 2, 3, 4, 5, 6, 7]
  const acc = [8, 9, 10, 11, 12, 13, 14, 15]
  const [I, END_, P, G, MP, TB, RP, OP, ST] = [16, 17, 18, 19, 20, 21, 22, 23, 24]
  const U = [0, 1, 2, 3, 4, 5, 6, 7]
  const panel = [
    ...[...get(GW), ...get(I), ...get(GWS), I32_MUL, I32_ADD, ...get(P), ...i32(128), I32_MUL],
    ...[I32_ADD, ...set(OP)],
    ...U.flatMap((u) => [...load(OP, u * 16), ...set(acc[u])]),
    // mp = bits + ((i >> 2)·ngr·4 + (i & 3))·4, tb = tab + p·32768
    ...[...get(I), ...i32(2), I32_SHR_U, ...get(NGR), I32_MUL, ...i32(4), I32_MUL],
    ...[...get(I), ...i32(3), I32_AND, I32_ADD, ...i32(4), I32_MUL, ...get(BITS), I32_ADD],
    ...set(MP),
    ...[...get(P), ...i32(32768), I32_MUL, ...get(TAB), I32_ADD, ...set(TB)],
    ...[...get(NGR), ...set(G)],
    ...countdown(G, [
      ...[...get(MP), I32_LOAD, 2, 0, ...i32(7), I32_SHL, ...get(TB), I32_ADD, ...set(RP)],
      ...U.flatMap((u) => [
        ...get(acc[u]),
        ...load(RP, u * 16),
        ...simd(F32X4_ADD),
        ...set(acc[u])
      ]),
      ...addTo(MP, 16),
      ...[...get(TB), ...get(ST), I32_ADD, ...set(TB)]
    ]),
    ...U.flatMap((u) => store(OP, u * 16, get(acc[u])))
  ]
  const code = [
    ...[...get(NPAN), ...i32(32768), I32_MUL, ...set(ST)],
    ...[...get(I0), ...get(CNT), I32_ADD, ...set(END_)],
    // panel outer: the particles share one panel's tables (ngr·32 KiB) in cache at a time
    ...[
      ...i32(0),
      ...set(P),
      ...countup(P, NPAN, [...get(I0), ...set(I), ...countup(I, END_, panel)])
    ]
  ]
  return funcBody(
    [
      [8, V128],
      [9, I32]
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
      funcType([...new Array<number>(8).fill(I32), F32, F32, F32, F32], []),
      funcType(new Array<number>(6).fill(I32), []),
      funcType(new Array<number>(8).fill(I32), [])
    ],
    sharedMemory: shared,
    functions: [0, 1, 2, 3],
    exports: [
      ['forward', 0],
      ['masks', 1],
      ['tables', 2],
      ['sweep', 3]
    ],
    bodies: [forwardBody(kind), masksBody(kind), tablesBody(), sweepBody()]
  })
}

/**
 * The compiled modules by memory kind and multiply-add, built once per thread: assembling the
 * bytes takes 10-30 ms (the risk sets' forwards create their kernels at a run's first record), and
 * instances of one module share its optimised code from the first call.
 */
const modules = new Map<string, WebAssembly.Module | null>()

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
  const key = `${shared ? 'shared' : 'plain'} ${kind}`
  let module = modules.get(key)
  if (module === undefined) {
    const code = wasmGemmBytes(shared, kind)
    module = wasm.validate(code) ? new wasm.Module(code) : null
    modules.set(key, module)
  }
  if (!module) return null
  const pages = Math.max(1, Math.ceil(bytes / 65536))
  let memory: WebAssembly.Memory
  try {
    memory = new wasm.Memory(
      shared ? { initial: pages, maximum: pages, shared } : { initial: pages }
    )
  } catch {
    return null
  }
  const instance = new wasm.Instance(module, { env: { mem: memory } })
  return {
    memory,
    module,
    madd: kind,
    forward: instance.exports.forward as WasmGemm['forward'],
    masks: instance.exports.masks as WasmGemm['masks'],
    tables: instance.exports.tables as WasmGemm['tables'],
    sweep: instance.exports.sweep as WasmGemm['sweep']
  }
}
