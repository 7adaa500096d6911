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
