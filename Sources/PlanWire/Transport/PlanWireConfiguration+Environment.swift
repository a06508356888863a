extension PlanWireConfiguration {
    /// The environment variables `applyingEnvironment` reads, and the setting each overrides.
    public static let environmentVariables: [(name: String, setting: String)] = [
        ("PLAN_WIRE_MAX_CONCURRENT_CALLS", "maxConcurrentCalls: calls open at once per connection (an integer ≥ 1)"),
        ("PLAN_WIRE_MAX_METADATA_SIZE", "maxMetadataSize: bytes of metadata per call (an integer ≥ 1)"),
        ("PLAN_WIRE_MAX_METADATA_ENTRIES", "maxMetadataEntries: metadata entries per call (an integer ≥ 1)"),
        ("PLAN_WIRE_FIRST_MESSAGE_TIMEOUT", "firstMessageTimeout: seconds a call without a deadline waits for its first message (0: for ever)"),
        ("PLAN_WIRE_IDLE_TIMEOUT", "idleTimeout: seconds without a call before a connection is told to go away (0: never)"),
        ("PLAN_WIRE_LISTEN_BACKLOG", "listenBacklog: connections the kernel queues before the server accepts them (an integer ≥ 1)"),
        ("PLAN_WIRE_CALLS_ON_EVENT_LOOP", "runsCallsOnEventLoop and runsHandlersOnEventLoop: 1 runs each call (client) and each handler (server) on its connection's event loop, 0 on the concurrency pool"),
    ]

    /// A setting given in the environment that is not valid.
    public struct EnvironmentError: Error, CustomStringConvertible, Equatable {
        /// The variable.
        public var name: String
        /// Its value.
        public var value: String
        /// What it should be.
        public var expected: String

        public var description: String { "\(name) is '\(value)': expected \(expected)" }
    }

    /// This configuration with the settings `environment` gives (see `environmentVariables`);
    /// a variable that is absent or empty leaves its setting as it is.
    public func applyingEnvironment(_ environment: [String: String]) throws(EnvironmentError) -> PlanWireConfiguration {
        var configuration = self
        func count(_ name: String) throws(EnvironmentError) -> Int? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            guard let number = Int(value), number >= 1 else {
                throw EnvironmentError(name: name, value: value, expected: "an integer ≥ 1")
            }
            return number
        }
        func seconds(_ name: String) throws(EnvironmentError) -> Duration?? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            guard let number = Double(value), number.isFinite, number >= 0, number <= 86_400 * 365 else {
                throw EnvironmentError(name: name, value: value, expected: "seconds, a number from 0 (never) to 31536000")
            }
            return .some(number == 0 ? nil : .milliseconds(Int64((number * 1000).rounded())))
        }
        func flag(_ name: String) throws(EnvironmentError) -> Bool? {
            guard let value = environment[name], !value.isEmpty else { return nil }
            guard value == "0" || value == "1" else {
                throw EnvironmentError(name: name, value: value, expected: "1 (on) or 0 (off)")
            }
            return value == "1"
        }
        if let value = try flag("PLAN_WIRE_CALLS_ON_EVENT_LOOP") {
            configuration.runsCallsOnEventLoop = value
            configuration.runsHandlersOnEventLoop = value
        }
        if let value = try count("PLAN_WIRE_MAX_CONCURRENT_CALLS") { configuration.maxConcurrentCalls = value }
        if let value = try count("PLAN_WIRE_MAX_METADATA_SIZE") { configuration.maxMetadataSize = value }
        if let value = try count("PLAN_WIRE_MAX_METADATA_ENTRIES") { configuration.maxMetadataEntries = value }
        if let value = try seconds("PLAN_WIRE_FIRST_MESSAGE_TIMEOUT") { configuration.firstMessageTimeout = value }
        if let value = try seconds("PLAN_WIRE_IDLE_TIMEOUT") { configuration.idleTimeout = value }
        if let value = try count("PLAN_WIRE_LISTEN_BACKLOG") { configuration.listenBacklog = value }
        return configuration
    }
}
