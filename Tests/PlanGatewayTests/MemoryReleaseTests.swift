import NIOCore
import NIOEmbedded
import Testing

@testable import PlanGateway

@Suite("Memory released after HTTP connections close")
struct MemoryReleaseTests {
    @Test("one close: one release when the timer fires, then nothing")
    func oneClose() {
        var schedule = MemoryReleaseSchedule()
        #expect(schedule.connectionClosed() == .scheduleRelease)
        #expect(schedule.timerFired() == .release)
        #expect(schedule.state == .idle)
        #expect(schedule.timerFired() == .none)
    }

    @Test("closes while a release is due: one release, then one more after the last close")
    func closesWhileDue() {
        var schedule = MemoryReleaseSchedule()
        #expect(schedule.connectionClosed() == .scheduleRelease)
        #expect(schedule.connectionClosed() == .none)
        #expect(schedule.connectionClosed() == .none)
        #expect(schedule.timerFired() == .releaseAndSchedule)
        #expect(schedule.state == .due)
        #expect(schedule.timerFired() == .release)
        #expect(schedule.state == .idle)
    }

    @Test("on an event loop: a release a delay after the last close, at most once per delay")
    func onAnEventLoop() {
        let loop = EmbeddedEventLoop()
        let release = HTTPMemoryRelease(delay: .seconds(1))
        release.connectionClosed(on: loop)
        loop.advanceTime(by: .milliseconds(500))
        release.connectionClosed(on: loop)
        #expect(release.releases.load(ordering: .relaxed) == 0)
        loop.advanceTime(by: .milliseconds(500))
        #expect(release.releases.load(ordering: .relaxed) == 1)
        loop.advanceTime(by: .milliseconds(999))
        #expect(release.releases.load(ordering: .relaxed) == 1)
        loop.advanceTime(by: .milliseconds(1))
        #expect(release.releases.load(ordering: .relaxed) == 2)
        loop.advanceTime(by: .seconds(10))
        #expect(release.releases.load(ordering: .relaxed) == 2)
    }
}

@Suite("The allocator's thresholds for large answers")
struct AllocatorTuningTests {
    @Test("set at start, unless the operator's GLIBC_TUNABLES says otherwise")
    func thresholds() {
        #expect(AllocatorTuning.apply(environment: ["GLIBC_TUNABLES": "glibc.malloc.trim_threshold=0"]) == false)
        #if os(Linux)
        #expect(AllocatorTuning.apply(environment: [:]))
        #endif
        #expect(AllocatorTuning.mmapThreshold < AllocatorTuning.trimThreshold)
    }
}
