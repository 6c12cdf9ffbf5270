/** Small dense linear algebra for filters (dimensions <= ~10). Matrices are row arrays. */
export type Mat = number[][];
export type Vec = number[];

export function zeros(r: number, c = r): Mat {
  const out: Mat = new Array<number[]>(r);
  for (let i = 0; i < r; i++) {
    const row = new Array<number>(c);
    for (let j = 0; j < c; j++) row[j] = 0;
    out[i] = row;
  }
  return out;
}
export const eye = (n: number): Mat => zeros(n).map((row, i) => ((row[i] = 1), row));
export const diag = (v: readonly number[]): Mat =>
  zeros(v.length).map((row, i) => ((row[i] = v[i]), row));
export const clone = (m: Mat): Mat => m.map((r) => r.slice());

export function mul(a: Mat, b: Mat): Mat {
  const n = a.length,
    m = b[0].length,
    k = b.length;
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    const ai = a[i],
      oi = out[i];
    for (let p = 0; p < k; p++) {
      const v = ai[p];
      if (v === 0) continue;
      const bp = b[p];
      for (let j = 0; j < m; j++) oi[j] += v * bp[j];
    }
  }
  return out;
}

export function transpose(a: Mat): Mat {
  const n = a.length,
    m = a[0].length;
  const out = zeros(m, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) out[j][i] = a[i][j];
  return out;
}
export function add(a: Mat, b: Mat): Mat {
  const out = zeros(a.length, a[0].length);
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < a[0].length; j++) out[i][j] = a[i][j] + b[i][j];
  return out;
}
export const sub = (a: Mat, b: Mat): Mat => a.map((r, i) => r.map((v, j) => v - b[i][j]));
export const scale = (a: Mat, s: number): Mat => a.map((r) => r.map((v) => v * s));
export const matVec = (a: Mat, x: Vec): Vec => a.map((r) => r.reduce((s, v, j) => s + v * x[j], 0));
export const vsub = (a: Vec, b: Vec): Vec => a.map((v, i) => v - b[i]);
export const vadd = (a: Vec, b: Vec): Vec => a.map((v, i) => v + b[i]);
export function symmetrize(a: Mat): Mat {
  const n = a.length;
  const out = zeros(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] = 0.5 * (a[i][j] + a[j][i]);
  return out;
}
/** a · b · aᵀ */
export function sandwich(a: Mat, b: Mat): Mat {
  const ab = mul(a, b);
  const n = a.length,
    k = a[0].length;
  const out = zeros(n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += ab[i][p] * a[j][p];
      out[i][j] = s;
    }
  return out;
}

/** Lower Cholesky factor; throws when the matrix is not positive definite. */
export function cholesky(a: Mat): Mat {
  const n = a.length;
  const l = zeros(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 0)) throw new Error('matrix not positive definite');
        l[i][i] = Math.sqrt(s);
      } else l[i][j] = s / l[j][j];
    }
  }
  return l;
}

/** Inverse of a symmetric positive definite matrix via Cholesky. */
export function invSpd(a: Mat): Mat {
  const l = cholesky(a);
  const n = a.length;
  const li = zeros(n);
  for (let i = 0; i < n; i++) {
    li[i][i] = 1 / l[i][i];
    for (let j = 0; j < i; j++) {
      let s = 0;
      for (let k = j; k < i; k++) s -= l[i][k] * li[k][j];
      li[i][j] = s / l[i][i];
    }
  }
  return mul(transpose(li), li);
}

export function logDetSpd(a: Mat): number {
  const l = cholesky(a);
  let s = 0;
  for (let i = 0; i < l.length; i++) s += 2 * Math.log(l[i][i]);
  return s;
}

/** xᵀ A⁻¹ x for SPD A. */
export function mahalanobis2(x: Vec, a: Mat): number {
  // Forward substitution with the Cholesky factor: |L⁻¹x|².
  const l = cholesky(a);
  const n = x.length;
  const y = new Array<number>(n);
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * y[k];
    y[i] = s / l[i][i];
    s2 += y[i] * y[i];
  }
  return s2;
}

export const isFiniteMat = (m: Mat) => m.every((r) => r.every(Number.isFinite));
