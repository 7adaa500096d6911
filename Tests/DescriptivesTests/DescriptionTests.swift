import Testing
@testable import Descriptives

struct DescriptionTests {
    @Test func agreesWithRsSummaries() {
        // Source: R 4.2.2, x <- c(3, 1, 4, 1, 5, 9, 2, 6, NA, 5): mean 4, sd 2.598076211353316,
        // quantile(x, c(.25, .5, .75), na.rm = TRUE) = 2, 4, 5 (type 7), t.test(x)$conf.int =
        // 2.0029418376812274, 5.9970581623187735.
        let d = Description([3, 1, 4, 1, 5, 9, 2, 6, .nan, 5])
        #expect(d.count == 9 && d.missing == 1)
        #expect(d.mean == 4 && abs(d.standardDeviation - 2.598076211353316) < 1e-14)
        #expect(d.firstQuartile == 2 && d.median == 4 && d.thirdQuartile == 5 && d.minimum == 1 && d.maximum == 9)
        #expect(abs(d.meanInterval!.lower - 2.0029418376812274) < 1e-13 && abs(d.meanInterval!.upper - 5.9970581623187735) < 1e-13)
    }

    @Test func typeSevenQuantilesInterpolate() {
        // Source: R 4.2.2, quantile(c(1, 2, 4, 10), c(0.1, 0.9)) = 1.3, 8.2.
        #expect(abs(Description.quantile([1, 2, 4, 10], 0.1) - 1.3) < 1e-14)
        #expect(abs(Description.quantile([1, 2, 4, 10], 0.9) - 8.2) < 1e-14)
    }

    @Test func tooFewValuesGiveMissingNotACrash() {
        let one = Description([7])
        #expect(one.mean == 7 && one.standardDeviation.isNaN && one.meanInterval == nil)
        let none = Description([.nan])
        #expect(none.count == 0 && none.missing == 1 && none.mean.isNaN && none.median.isNaN)
    }
}
