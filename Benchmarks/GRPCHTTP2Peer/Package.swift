// swift-tools-version: 6.1
import PackageDescription

// The peer ProgrammePlan's wire benchmark compares PlanWire with: GRPCCore over
// grpc-swift-nio-transport's HTTP/2 transport (posix, plaintext), the transport a user would
// otherwise pick. A package of its own so that ProgrammePlan itself and its CI never build
// HTTP/2; scripts/bench-wire.sh builds it (`swift build -c release` here) and runs it.
let package = Package(
    name: "GRPCHTTP2Peer",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", exact: "2.9.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // `grpc-http2-peer server` and `grpc-http2-peer client`, the HTTP/2 counterparts of
        // `plan-bench wire-server` and `plan-bench wire-client`; the load they generate is
        // Sources/plan-bench/WireLoad.swift, linked here.
        .executableTarget(
            name: "grpc-http2-peer",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
