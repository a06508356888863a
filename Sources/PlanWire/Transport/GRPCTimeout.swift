/// The `grpc-timeout` metadata value gRPC uses: at most eight digits and a unit.
public enum GRPCTimeout {
    /// The metadata key.
    public static let key = "grpc-timeout"

    /// Encodes microseconds in the largest precision that fits in eight digits.
    public static func encode(microseconds: UInt64) -> String {
        if microseconds <= 99_999_999 { return "\(microseconds)u" }
        let milliseconds = (microseconds + 999) / 1000
        if milliseconds <= 99_999_999 { return "\(milliseconds)m" }
        return "\(min((milliseconds + 999) / 1000, 99_999_999))S"
    }

    /// Decodes a value into microseconds; `nil` when it is not a valid timeout.
    public static func decode(_ value: String) -> UInt64? {
        guard let unit = value.last, value.count >= 2, value.count <= 9,
            let amount = UInt64(value.dropLast()), value.dropLast().allSatisfy(\.isNumber)
        else { return nil }
        let (result, overflow): (UInt64, Bool) =
            switch unit {
            case "H": amount.multipliedReportingOverflow(by: 3_600_000_000)
            case "M": amount.multipliedReportingOverflow(by: 60_000_000)
            case "S": amount.multipliedReportingOverflow(by: 1_000_000)
            case "m": amount.multipliedReportingOverflow(by: 1000)
            case "u": (amount, false)
            case "n": ((amount + 999) / 1000, false)
            default: (0, true)
            }
        return overflow ? nil : result
    }
}
