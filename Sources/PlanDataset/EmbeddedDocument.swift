import Foundation

/// The document every service and command uses when given none: the 2020 programme budget's
/// programme plans in Chinese, shipped as `Data/programme-budget-2020.zh.txt`.
public enum EmbeddedDocument {
    /// The file name of the embedded document.
    public static let fileName = "programme-budget-2020.zh.txt"

    /// The location of the embedded document: `PLAN_DOCUMENT` when set, else the copy bundled
    /// with the executable.
    public static var url: URL? {
        if let override = ProcessInfo.processInfo.environment["PLAN_DOCUMENT"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        return Bundle.module.url(forResource: "programme-budget-2020.zh", withExtension: "txt")
    }
}
