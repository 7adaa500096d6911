import Testing
@testable import LinearAlgebra

struct LibraryInformationTests {
    @Test func suggestsKernelsOnlyWhenOpenBLASFellBackBelowTheCPU() {
        let avx512: Set<String> = ["sse4_2", "avx", "avx2", "fma", "avx512f"]
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Prescott", cpuFlags: avx512) == "SkylakeX")
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Prescott", cpuFlags: avx512.union(["avx512_bf16"]))
                == "Cooperlake")
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Prescott", cpuFlags: ["avx", "avx2", "fma"]) == "Haswell")
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Prescott", cpuFlags: ["sse3"]) == nil)
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Haswell", cpuFlags: avx512) == nil)
        #expect(LinearAlgebraLibraryInformation.suggestedCoreType(current: "Cooperlake", cpuFlags: avx512) == nil)
    }

    @Test func reportsTheLibrariesInUse() {
        let information = LinearAlgebraLibraryInformation.current()
        #expect(information.blasConfiguration.hasPrefix("OpenBLAS"))
        #expect(information.blasThreads >= 1)
        #expect(information.lapackVersion.split(separator: ".").count == 3)
    }
}
