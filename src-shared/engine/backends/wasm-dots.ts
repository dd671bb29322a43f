import { F32, F64, funcBody, funcType, I32, kernelModule, sleb, uleb, V128 } from './wasm-assembler'
import { F32X4_RELAXED_MADD, maddKind, type MaddKind } from './wasm-features'

/**
 * A tiny hand-assembled WebAssembly SIMD module with one function, the js backend's hot loop:
 *
 *   dots(w, x, out, m, blocks): for i in 0..m−1: out[i] = Σ_{j<8·blocks} w[i·8·blocks + j] · x[j]
 *
 * in float32 (f32x4, two accumulators; the four lanes are summed as (l0 + l1) + (l2 + l3)).
 * Pointers are byte offsets into the imported memory `env.mem`; rows are padded with zeros to a
 * multiple of 8 floats. It replaces M scalar dot products per step (W1: M = 800, d = 40), which is
 * where the plain JS loop spends its time. Multiply-adds are relaxed SIMD's fused relaxed_madd where
 * the runtime has it (wasm-features.ts). Tested on both paths against float64 dot products in
 * test/unit/engine/wasm-dots.test.ts.
 */
export interface WasmDots {
  readonly memory: WebAssembly.Memory
  /** The multiply-add the kernels were assembled with. */
  readonly madd: MaddKind
  dots(w: number, x: number, out: number, m: number, blocks: number): void
  /**
   * The same dot products fused with a two-knot piecewise-linear σ (docs/science.md#model):
   * t_i = out[i] = ⟨w_i, x⟩ + b[i], returns Σ_i a[i] · (s1 + k·(clamp(t_i, t1, t2) − t1)) summed in
   * float64 (the products in float32). `b` and `a` are byte offsets of float32 arrays of length m.
   */
  forwardPwl(
    w: number,
    x: number,
    out: number,
    m: number,
    blocks: number,
    b: number,
    a: number,
    t1: number,
    t2: number,
    s1: number,
    k: number
  ): number
  /**
   * The noiseless, λ = 0 update of one step with a two-knot piecewise-linear σ, from the
   * pre-activations t_i at `pre` and gr = (2s/α)·(y − f): a_i += gr·σ(t_i) (if flags & 1), and for
   * t1 < t_i < t2 (σ′ = k ≠ 0): c = gr·a_i·k (old a_i), b_i += c (if flags & 2), w_i += c·x (if flags & 4).
   */
  updatePwl(
    w: number,
    x: number,
    pre: number,
    a: number,
    b: number,
    m: number,
    blocks: number,
    gr: number,
    t1: number,
    t2: number,
    s1: number,
    k: number,
    flags: number
  ): void
  /**
   * The Langevin update of one step (any λ, noise temp·g) with a two-knot piecewise-linear σ, for
   * every particle: a_i ← decay·a_i + gr·σ(t_i) + temp·g_a[i] (flags & 1), c = gr·a_i·σ′(t_i) (old
   * a_i), b_i ← decay·b_i + c + temp·g_b[i] (flags & 2), w_i ← decay·w_i + c·x + temp·g_w[i·d ..]
   * (flags & 4). na, nb, nw: byte offsets of the float32 normals (g_w unpadded, m×d, with 8 floats
   * of readable slack after it). The padding columns of w receive noise: zero them when d % 8 ≠ 0.
   */
  updateNoisyPwl(
    w: number,
    x: number,
    pre: number,
    a: number,
    b: number,
    m: number,
    blocks: number,
    gr: number,
    t1: number,
    t2: number,
    s1: number,
    k: number,
    flags: number,
    decay: number,
    temp: number,
    na: number,
    nb: number,
    nw: number,
    d: number
  ): void
}

// opcodes used below (WebAssembly core 2.0 + fixed-width SIMD)
const IF = 0x04
const LOOP = 0x03
const END = 0x0b
const BR_IF = 0x0d
const LOCAL_GET = 0x20
const LOCAL_SET = 0x21
const LOCAL_TEE = 0x22
const F32_STORE = 0x38
const I32_CONST = 0x41
const I32_ADD = 0x6a
const I32_SUB = 0x6b
const I32_MUL = 0x6c
const I32_AND = 0x71
const F32_LT = 0x5d
const F32_GT = 0x5e
const F32_LOAD = 0x2a
const F32_ADD = 0x92
const F32_SUB = 0x93
const F32_MUL = 0x94
const F32_MIN = 0x96
const F32_MAX = 0x97
const CALL = 0x10
const I32_SHR_U = 0x76
const F32_CONST = 0x43
const SELECT = 0x1b
const F64_ADD = 0xa0
const F64_PROMOTE_F32 = 0xbb
const VOID = 0x40
const SIMD = 0xfd
const V128_LOAD = [SIMD, 0x00]
const V128_CONST = [SIMD, 0x0c]
const ZERO_BYTES = new Array<number>(16).fill(0)
const V128_STORE = [SIMD, 0x0b]
const F32X4_SPLAT = [SIMD, 0x13]
const F32X4_EXTRACT_LANE = [SIMD, 0x1f]
const F32X4_ADD = [SIMD, 0xe4, 0x01]
// instructions with their immediates: alignment 2^2 and offset 0, an empty block type, label 0
const F32_STORE_ALIGNED = [F32_STORE, 2, 0]
const F32_LOAD_ALIGNED = [F32_LOAD, 2, 0]
const LOOP_VOID = [LOOP, VOID]
const IF_VOID = [IF, VOID]
const BR_IF_0 = [BR_IF, 0]
const F32X4_MUL = [SIMD, 0xe6, 0x01]
const F32X4_SUB = [SIMD, 0xe5, 0x01]
const F32X4_MIN = [SIMD, 0xe8, 0x01]
const F32X4_MAX = [SIMD, 0xe9, 0x01]
const SHUFFLE = [SIMD, 0x0d]
const F64X2_PROMOTE_LOW = [SIMD, 0x5f]
const F64X2_ADD = [SIMD, 0xf0, 0x01]
const F64X2_EXTRACT_LANE = [SIMD, 0x21]
const RELAXED_MADD = [SIMD, ...F32X4_RELAXED_MADD]

// dots: parameters 0..4, then two v128 accumulators and two i32 counters;
// forwardPwl: the same five, then b, a, t1, t2, s1, k, then the same locals plus t (f32), f (f64)
const W = 0
const X = 1
const OUT = 2
const M = 3
const BLOCKS = 4
const B = 5
const A = 6
const T1 = 7
const T2 = 8
const S1 = 9
const K = 10

const get = (l: number) => [LOCAL_GET, l]
const tee = (l: number) => [LOCAL_TEE, l]
const set = (l: number) => [LOCAL_SET, l]
const i32 = (v: number) => [I32_CONST, ...sleb(v)]
const load = (offset: number) => [...V128_LOAD, 0, ...uleb(offset)]
const addTo = (l: number, by: number) => [...get(l), ...i32(by), I32_ADD, ...set(l)]

/** Locals after the parameters: acc0, acc1 (v128), xp, j (i32), then t (f32), f (f64) if fused. */
function body(fused: boolean, kind: MaddKind): number[] {
  const first = fused ? 11 : 5
  const [ACC0, ACC1, XP, J, T, F] = [first, first + 1, first + 2, first + 3, first + 4, first + 5]
  const lane = (l: number) => [...get(ACC0), ...F32X4_EXTRACT_LANE, l]
  const accumulate = (acc: number, offset: number) =>
    kind === 'fma'
      ? [
          ...get(W),
          ...load(offset),
          ...get(XP),
          ...load(offset),
          ...get(acc),
          ...RELAXED_MADD
        ].concat(set(acc))
      : [...get(acc), ...get(W), ...load(offset), ...get(XP), ...load(offset)].concat([
          ...F32X4_MUL,
          ...F32X4_ADD,
          ...set(acc)
        ])
  const laneSum = [...lane(0), ...lane(1), F32_ADD, ...lane(2), ...lane(3), F32_ADD, F32_ADD]
  // t = dot + b[i]; out[i] = t; f += a[i]·(s1 + k·(min(max(t, t1), t2) − t1))
  const store = fused
    ? [
        ...laneSum,
        ...get(B),
        ...F32_LOAD_ALIGNED,
        F32_ADD,
        ...set(T),
        ...get(OUT),
        ...get(T),
        ...F32_STORE_ALIGNED,
        ...get(F),
        ...get(A),
        ...F32_LOAD_ALIGNED,
        ...get(S1),
        ...get(K),
        ...get(T),
        ...get(T1),
        F32_MAX,
        ...get(T2),
        F32_MIN,
        ...get(T1),
        F32_SUB,
        F32_MUL,
        F32_ADD,
        F32_MUL,
        F64_PROMOTE_F32,
        F64_ADD,
        ...set(F),
        ...addTo(B, 4),
        ...addTo(A, 4)
      ]
    : [...get(OUT), ...laneSum, ...F32_STORE_ALIGNED]
  const code = [
    ...LOOP_VOID, // rows
    ...V128_CONST,
    ...ZERO_BYTES,
    ...set(ACC0),
    ...V128_CONST,
    ...ZERO_BYTES,
    ...set(ACC1),
    ...get(X),
    ...set(XP),
    ...get(BLOCKS),
    ...set(J),
    ...LOOP_VOID, // blocks of 8 floats
    ...accumulate(ACC0, 0),
    ...accumulate(ACC1, 16),
    ...addTo(W, 32),
    ...addTo(XP, 32),
    ...get(J),
    ...i32(1),
    I32_SUB,
    ...tee(J),
    ...BR_IF_0,
    END,
    ...get(ACC0),
    ...get(ACC1),
    ...F32X4_ADD,
    ...set(ACC0),
    ...store,
    ...addTo(OUT, 4),
    ...get(M),
    ...i32(1),
    I32_SUB,
    ...tee(M),
    ...BR_IF_0,
    END,
    ...(fused ? get(F) : [])
  ]
  const locals: [number, number][] = fused
    ? [
        [2, V128],
        [2, I32],
        [1, F32],
        [1, F64]
      ]
    : [
        [2, V128],
        [2, I32]
      ]
  return funcBody(locals, code)
}

/** updatePwl: parameters 0..12 (see WasmDots), then locals t, ai, c (f32), cv (v128), j, xp, wp, row (i32). */
function updateBody(kind: MaddKind): number[] {
  const [w, x, pre, a, b, m, blocks, gr, t1, t2, s1, k, flags] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12
  ]
  const [t, ai, c, cv, j, xp, wp, row] = [13, 14, 15, 16, 17, 18, 19, 20]
  const flag = (bit: number) => [...get(flags), ...i32(bit), I32_AND, ...IF_VOID]
  // w += c·x: relaxed_madd(c, x, w), or (w + c·x) with a separate multiply
  const axpy = (offset: number) => [
    ...get(wp),
    ...(kind === 'fma'
      ? [...get(cv), ...get(xp), ...load(offset), ...get(wp), ...load(offset), ...RELAXED_MADD]
      : [...get(wp), ...load(offset), ...get(cv), ...get(xp), ...load(offset)].concat([
          ...F32X4_MUL,
          ...F32X4_ADD
        ])),
    ...V128_STORE,
    0,
    ...uleb(offset)
  ]
  const code = [
    ...get(blocks),
    ...i32(32),
    I32_MUL,
    ...set(row),
    ...LOOP_VOID, // particles
    ...get(pre),
    ...F32_LOAD_ALIGNED,
    ...set(t),
    ...get(a),
    ...F32_LOAD_ALIGNED,
    ...set(ai),
    ...flag(1),
    ...get(a),
    ...get(ai),
    ...get(gr),
    ...get(s1),
    ...get(k),
    ...get(t),
    ...get(t1),
    F32_MAX,
    ...get(t2),
    F32_MIN,
    ...get(t1),
    F32_SUB,
    F32_MUL,
    F32_ADD,
    F32_MUL,
    F32_ADD,
    ...F32_STORE_ALIGNED,
    END,
    ...get(t),
    ...get(t1),
    F32_GT,
    ...get(t),
    ...get(t2),
    F32_LT,
    I32_AND,
    ...IF_VOID,
    ...get(gr),
    ...get(ai),
    F32_MUL,
    ...get(k),
    F32_MUL,
    ...set(c),
    ...flag(2),
    ...get(b),
    ...get(b),
    ...F32_LOAD_ALIGNED,
    ...get(c),
    F32_ADD,
    ...F32_STORE_ALIGNED,
    END,
    ...flag(4),
    ...get(c),
    ...F32X4_SPLAT,
    ...set(cv),
    ...get(w),
    ...set(wp),
    ...get(x),
    ...set(xp),
    ...get(blocks),
    ...set(j),
    ...LOOP_VOID,
    ...axpy(0),
    ...axpy(16),
    ...addTo(wp, 32),
    ...addTo(xp, 32),
    ...get(j),
    ...i32(1),
    I32_SUB,
    ...tee(j),
    ...BR_IF_0,
    END,
    END,
    END,
    ...get(w),
    ...get(row),
    I32_ADD,
    ...set(w),
    ...addTo(pre, 4),
    ...addTo(a, 4),
    ...addTo(b, 4),
    ...get(m),
    ...i32(1),
    I32_SUB,
    ...tee(m),
    ...BR_IF_0,
    END
  ]
  return funcBody(
    [
      [3, F32],
      [1, V128],
      [4, I32]
    ],
    code
  )
}

/**
 * updateNoisyPwl: parameters 0..18 (see WasmDots), then locals t, ai, c (f32), cv, dv, tv (v128),
 * j, xp, wp, np, row (i32). One Langevin step of every particle (no skipping: with noise every
 * particle moves): a ← decay·a + gr·σ(t) + temp·g_a, c = gr·a·σ′(t) (old a), b ← decay·b + c + temp·g_b,
 * w ← decay·w + c·x + temp·g_w, with g_w row i at nw + 4·d·i (unpadded rows, read 8 at a time: the
 * padding columns of w pick up noise from the next row; the caller zeroes them when d % 8 ≠ 0).
 */
function updateNoisyBody(kind: MaddKind): number[] {
  const [w, x, pre, a, b, m, blocks, gr, t1, t2, s1, k, flags, decay, temp, na, nb, nw, d] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18
  ]
  const [t, ai, c, cv, dv, tv, j, xp, wp, np, row] = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29]
  const flag = (bit: number) => [...get(flags), ...i32(bit), I32_AND, ...IF_VOID]
  // w[off] = decay·w + c·x + temp·g, as relaxed_madd(temp, g, relaxed_madd(c, x, decay·w)) or
  // mul/add in the same order
  const ld = (ptr: number, offset: number) => [...get(ptr), ...load(offset)]
  const step = (offset: number) => [
    ...get(wp),
    ...(kind === 'fma'
      ? [...get(tv), ...ld(np, offset), ...get(cv), ...ld(xp, offset)].concat([
          ...get(dv),
          ...ld(wp, offset),
          ...F32X4_MUL,
          ...RELAXED_MADD,
          ...RELAXED_MADD
        ])
      : [...get(dv), ...ld(wp, offset), ...F32X4_MUL, ...get(cv), ...ld(xp, offset)]
          .concat([...F32X4_MUL, ...F32X4_ADD, ...get(tv), ...ld(np, offset)])
          .concat([...F32X4_MUL, ...F32X4_ADD])),
    ...V128_STORE,
    0,
    ...uleb(offset)
  ]
  const sigma = [
    ...[...get(s1), ...get(k), ...get(t), ...get(t1), F32_MAX, ...get(t2), F32_MIN],
    ...[...get(t1), F32_SUB, F32_MUL, F32_ADD]
  ]
  const code = [
    ...[...get(blocks), ...i32(32), I32_MUL, ...set(row)],
    ...[...get(decay), ...F32X4_SPLAT, ...set(dv), ...get(temp), ...F32X4_SPLAT, ...set(tv)],
    ...LOOP_VOID, // particles
    ...[...get(pre), ...F32_LOAD_ALIGNED, ...set(t), ...get(a), ...F32_LOAD_ALIGNED, ...set(ai)],
    // c = (t1 < t < t2) ? gr·ai·k : 0
    ...[...get(gr), ...get(ai), F32_MUL, ...get(k), F32_MUL, F32_CONST, 0, 0, 0, 0],
    ...[...get(t), ...get(t1), F32_GT, ...get(t), ...get(t2), F32_LT, I32_AND, SELECT, ...set(c)],
    ...flag(1),
    ...[...get(a), ...get(decay), ...get(ai), F32_MUL, ...get(gr), ...sigma, F32_MUL, F32_ADD],
    ...[...get(temp), ...get(na), ...F32_LOAD_ALIGNED, F32_MUL, F32_ADD, ...F32_STORE_ALIGNED],
    ...[...addTo(na, 4), END],
    ...flag(2),
    ...[...get(b), ...get(decay), ...get(b), ...F32_LOAD_ALIGNED, F32_MUL, ...get(c), F32_ADD],
    ...[...get(temp), ...get(nb), ...F32_LOAD_ALIGNED, F32_MUL, F32_ADD, ...F32_STORE_ALIGNED],
    ...[...addTo(nb, 4), END],
    ...flag(4),
    ...[...get(c), ...F32X4_SPLAT, ...set(cv), ...get(w), ...set(wp), ...get(x), ...set(xp)],
    ...[...get(nw), ...set(np), ...get(blocks), ...set(j)],
    ...LOOP_VOID,
    ...step(0),
    ...step(16),
    ...[...addTo(wp, 32), ...addTo(xp, 32), ...addTo(np, 32)],
    ...[...get(j), ...i32(1), I32_SUB, ...tee(j), ...BR_IF_0, END],
    ...[...get(nw), ...get(d), ...i32(4), I32_MUL, I32_ADD, ...set(nw)],
    END,
    ...[...get(w), ...get(row), I32_ADD, ...set(w), ...addTo(pre, 4), ...addTo(a, 4)],
    ...addTo(b, 4),
    ...[...get(m), ...i32(1), I32_SUB, ...tee(m), ...BR_IF_0, END]
  ]
  return funcBody(
    [
      [3, F32],
      [3, V128],
      [5, I32]
    ],
    code
  )
}

/**
 * forwardPwl on quads of particles (function 4, exported as forwardPwl; the per-row version,
 * function 1, does the m % 4 tail): the dot products of 4 particles share each loaded block of x,
 * their 4-lane partial sums are reduced together by shuffles into one vector [t_0..t_3], and
 * b, σ and a·σ run 4 at a time (Σ a σ accumulated in two f64x2 lanes pairs).
 */
function forwardQuadsBody(kind: MaddKind): number[] {
  const [w, x, out, m, blocks, b, a, t1, t2, s1, k] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
  const P = [11, 12, 13, 14, 15, 16, 17, 18] // two accumulators per particle
  const [X0, X1, V, U, F0, F1, LO, HI, KV, SV] = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28]
  const [Q, J, XP, ROW] = [29, 30, 31, 32]
  const WP = [33, 34, 35, 36]
  const RES = 37
  const shuffle = (lanes: number[]) => [
    ...SHUFFLE,
    ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3])
  ]
  const acc = (pa: number, wp: number, offset: number, xv: number) =>
    kind === 'fma'
      ? [...get(wp), ...load(offset), ...get(xv), ...get(pa), ...RELAXED_MADD, ...set(pa)]
      : [...get(pa), ...get(wp), ...load(offset), ...get(xv), ...F32X4_MUL, ...F32X4_ADD].concat(
          set(pa)
        )
  // [p.l0 + p.l2, p.l1 + p.l3, q.l0 + q.l2, q.l1 + q.l3]
  const pairSum = (p: number, q: number) => [
    ...[...get(p), ...get(q), ...shuffle([0, 1, 4, 5])],
    ...[...get(p), ...get(q), ...shuffle([2, 3, 6, 7]), ...F32X4_ADD]
  ]
  const quad = [
    ...P.flatMap((l) => [...V128_CONST, ...ZERO_BYTES, ...set(l)]),
    ...[...get(x), ...set(XP), ...get(blocks), ...set(J)],
    ...WP.flatMap((l, p) => [...get(w), ...get(ROW), ...i32(p), I32_MUL, I32_ADD, ...set(l)]),
    ...LOOP_VOID,
    ...[...get(XP), ...load(0), ...set(X0), ...get(XP), ...load(16), ...set(X1)],
    ...WP.flatMap((wp, p) => [...acc(P[2 * p], wp, 0, X0), ...acc(P[2 * p + 1], wp, 16, X1)]),
    ...[...addTo(XP, 32), ...WP.flatMap((l) => addTo(l, 32))],
    ...[...get(J), ...i32(1), I32_SUB, ...tee(J), ...BR_IF_0, END],
    // per particle p: P[2p] += P[2p + 1]; then the 4×4 lane reduction into V = [t_0..t_3]
    ...[0, 1, 2, 3]
      .flatMap((p) => [...get(P[2 * p]), ...get(P[2 * p + 1]), ...F32X4_ADD])
      .concat(set(P[6]), set(P[4]), set(P[2]), set(P[0])),
    ...[...pairSum(P[0], P[2]), ...set(U), ...pairSum(P[4], P[6]), ...set(V)],
    ...[...get(U), ...get(V), ...shuffle([0, 2, 4, 6]), ...get(U), ...get(V)],
    ...[...shuffle([1, 3, 5, 7]), ...F32X4_ADD],
    // t = dots + b, stored; V = a · (s1 + k·(min(max(t, t1), t2) − t1))
    ...[
      ...get(b),
      ...load(0),
      ...F32X4_ADD,
      ...set(V),
      ...get(out),
      ...get(V),
      ...V128_STORE,
      0,
      0
    ],
    ...[...get(a), ...load(0), ...get(SV), ...get(KV), ...get(V), ...get(LO), ...F32X4_MAX],
    ...[...get(HI), ...F32X4_MIN, ...get(LO), ...F32X4_SUB, ...F32X4_MUL, ...F32X4_ADD],
    ...[...F32X4_MUL, ...set(V)],
    ...[...get(F0), ...get(V), ...F64X2_PROMOTE_LOW, ...F64X2_ADD, ...set(F0)],
    ...[...get(F1), ...get(V), ...get(V), ...shuffle([2, 3, 0, 1]), ...F64X2_PROMOTE_LOW],
    ...[...F64X2_ADD, ...set(F1)],
    ...[...get(w), ...get(ROW), ...i32(4), I32_MUL, I32_ADD, ...set(w)],
    ...[...addTo(out, 16), ...addTo(b, 16), ...addTo(a, 16)],
    ...[...get(Q), ...i32(1), I32_SUB, ...tee(Q), ...BR_IF_0, END]
  ]
  const lane = (v: number, l: number) => [...get(v), ...F64X2_EXTRACT_LANE, l]
  const code = [
    ...[...get(blocks), ...i32(32), I32_MUL, ...set(ROW)],
    ...[...get(t1), ...F32X4_SPLAT, ...set(LO), ...get(t2), ...F32X4_SPLAT, ...set(HI)],
    ...[...get(k), ...F32X4_SPLAT, ...set(KV), ...get(s1), ...F32X4_SPLAT, ...set(SV)],
    ...[...V128_CONST, ...ZERO_BYTES, ...set(F0), ...V128_CONST, ...ZERO_BYTES, ...set(F1)],
    ...[...get(m), ...i32(2), I32_SHR_U, ...tee(Q), ...IF_VOID, ...LOOP_VOID, ...quad, END],
    ...[...lane(F0, 0), ...lane(F0, 1), F64_ADD, ...lane(F1, 0), ...lane(F1, 1), F64_ADD],
    ...[F64_ADD, ...set(RES)],
    // the m % 4 tail, one particle at a time
    ...[...get(m), ...i32(3), I32_AND, ...IF_VOID, ...get(RES)],
    ...[...get(w), ...get(x), ...get(out), ...get(m), ...i32(3), I32_AND, ...get(blocks)],
    ...[...get(b), ...get(a), ...get(t1), ...get(t2), ...get(s1), ...get(k), CALL, 1],
    ...[F64_ADD, ...set(RES), END],
    ...get(RES)
  ]
  return funcBody(
    [
      [18, V128],
      [8, I32],
      [1, F64]
    ],
    code
  )
}

/** The module's bytes, its multiply-adds of the given kind (wasm-features.ts). */
export function wasmDotsBytes(kind: MaddKind = 'plain', shared = false): Uint8Array<ArrayBuffer> {
  return kernelModule({
    sharedMemory: shared,
    types: [
      funcType([I32, I32, I32, I32, I32], []),
      funcType([I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32], [F64]),
      funcType([I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, I32], []),
      funcType(
        [I32, I32, I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, I32, F32, F32].concat([
          I32,
          I32,
          I32,
          I32
        ]),
        []
      )
    ],
    functions: [0, 1, 2, 3, 1],
    exports: [
      ['dots', 0],
      ['forwardPwl', 4],
      ['forwardPwlRows', 1],
      ['updatePwl', 2],
      ['updateNoisyPwl', 3]
    ],
    bodies: [
      body(false, kind),
      body(true, kind),
      updateBody(kind),
      updateNoisyBody(kind),
      forwardQuadsBody(kind)
    ]
  })
}

/**
 * Instantiates the module over a fresh memory of at least `bytes` bytes; null without wasm SIMD.
 * `madd`: 'auto' uses relaxed SIMD's fused multiply-add where the runtime has it.
 */
export function createWasmDots(
  bytes: number,
  madd: MaddKind | 'auto' = 'auto',
  /** A shared memory (up to 4 GiB, growable), which helper threads can write into. */
  shared = false
): WasmDots | null {
  const wasm = (globalThis as { WebAssembly?: typeof WebAssembly }).WebAssembly
  if (!wasm) return null
  const kind = maddKind(madd)
  const code = wasmDotsBytes(kind, shared)
  if (!wasm.validate(code)) return null
  const initial = Math.max(1, Math.ceil(bytes / 65536))
  const memory = new wasm.Memory(shared ? { initial, maximum: 65536, shared: true } : { initial })
  const instance = new wasm.Instance(new wasm.Module(code), { env: { mem: memory } })
  const dots = instance.exports.dots as WasmDots['dots']
  const forwardPwl = instance.exports.forwardPwl as WasmDots['forwardPwl']
  const updatePwl = instance.exports.updatePwl as WasmDots['updatePwl']
  const updateNoisyPwl = instance.exports.updateNoisyPwl as WasmDots['updateNoisyPwl']
  return { memory, madd: kind, dots, forwardPwl, updatePwl, updateNoisyPwl }
}
