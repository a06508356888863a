// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "ProgrammePlan",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "PlanModel", targets: ["PlanModel"]),
        .library(name: "PlanIngest", targets: ["PlanIngest"]),
        .executable(name: "planctl", targets: ["planctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The shared model: value types, stable ids and vocabularies. Foundation only.
        .target(name: "PlanModel"),
        // The embedded default dataset: Data/programme-budget-2020.zh.txt as a bundle resource.
        .target(name: "PlanDataset", resources: [.copy("programme-budget-2020.zh.txt")]),
        // Document text → Catalogue + diagnostics.
        .target(name: "PlanIngest", dependencies: ["PlanModel", "PlanDataset"]),
        .executableTarget(
            name: "planctl",
            dependencies: [
                "PlanIngest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release-build benchmarks (`make bench`).
        .executableTarget(name: "plan-bench", dependencies: ["PlanIngest", "PlanDataset"]),
        .testTarget(name: "PlanModelTests", dependencies: ["PlanModel"]),
        .testTarget(name: "PlanIngestTests", dependencies: ["PlanIngest"], resources: [.copy("Fixtures")]),
    ],
    swiftLanguageModes: [.v6]
)
