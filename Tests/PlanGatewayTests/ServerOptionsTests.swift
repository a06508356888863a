import PlanServerRuntime
import Testing

@Suite("Where a server's handlers run (ServerOptions.wireConfiguration)")
struct ServerOptionsTests {
    @Test("on the pool unless the server asks for its loop; PLAN_WIRE_CALLS_ON_EVENT_LOOP wins either way")
    func handlersPlacement() throws {
        let options = try ServerOptions.parse([])
        #expect(try options.wireConfiguration(environment: [:]).runsHandlersOnEventLoop == false)
        #expect(try options.wireConfiguration(handlersOnEventLoop: true, environment: [:]).runsHandlersOnEventLoop)
        let off = ["PLAN_WIRE_CALLS_ON_EVENT_LOOP": "0"]
        #expect(try options.wireConfiguration(handlersOnEventLoop: true, environment: off).runsHandlersOnEventLoop == false)
        let on = ["PLAN_WIRE_CALLS_ON_EVENT_LOOP": "1"]
        #expect(try options.wireConfiguration(environment: on).runsHandlersOnEventLoop)
        #expect(try options.wireConfiguration(environment: [:]).gracePeriod == .seconds(20))
    }
}
