/// Mean and SD of finite values; the variance uses n − 1.
struct Sample {
    let count: Int
    let mean: Double
    let variance: Double

    init(_ values: [Double]) {
        let finite = values.filter(\.isFinite)
        count = finite.count
        mean = finite.reduce(0, +) / Double(max(finite.count, 1))
        let m = mean
        variance = finite.count > 1 ? finite.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(finite.count - 1) : .nan
    }

    var standardDeviation: Double { variance.squareRoot() }
}
