import _CLapack

/// Switches LAPACKE's NaN scan off once, before the first LAPACK call. The scan costs 15-50 ns
/// on a 6×6 and cannot say where the NaN was; `Matrix.requireFinite` does, and is called by
/// every routine whose input could carry one.
let lapackEnvironment: Void = {
    LAPACKE_set_nancheck(0)
}()

@inline(__always)
func prepareLapack() {
    _ = lapackEnvironment
}

/// Characters LAPACK takes for `uplo`, `trans`, `jobz` and the like.
@inline(__always)
func lapackCharacter(_ character: Unicode.Scalar) -> CChar {
    CChar(UInt8(ascii: character))
}

@inline(__always)
func lapackInt(_ value: Int) -> LapackInteger {
    LapackInteger(truncatingIfNeeded: value)
}

/// LAPACKE's `lapack_int` is a C macro (int32_t on LP64), which Swift does not import.
typealias LapackInteger = Int32

/// Runs a LAPACK routine that takes workspace: once with lwork = −1 to ask how much it wants,
/// then with that much. `call` receives (work, lwork, integer work, integer lwork); routines
/// without integer workspace ignore the last two. Returns `info`, which is ≥ 0: argument
/// errors have already been thrown.
func callWithWorkspace(
    _ routine: String,
    _ call: (UnsafeMutablePointer<Double>, LapackInteger, UnsafeMutablePointer<LapackInteger>, LapackInteger) -> LapackInteger
) throws(LinearAlgebraError) -> LapackInteger {
    var work = [Double](repeating: 0, count: 1)
    var integerWork = [LapackInteger](repeating: 0, count: 1)
    let query = work.withUnsafeMutableBufferPointer { w in
        integerWork.withUnsafeMutableBufferPointer { iw in call(w.baseAddress!, -1, iw.baseAddress!, -1) }
    }
    try checkArguments(query, routine: routine)
    work = [Double](repeating: 0, count: max(1, Int(work[0])))
    integerWork = [LapackInteger](repeating: 0, count: max(1, Int(integerWork[0])))
    let info = work.withUnsafeMutableBufferPointer { w in
        integerWork.withUnsafeMutableBufferPointer { iw in
            call(w.baseAddress!, lapackInt(w.count), iw.baseAddress!, lapackInt(iw.count))
        }
    }
    try checkArguments(info, routine: routine)
    return info
}
