#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// planctl's standard output. A reader that stops early (`planctl programmes --format json |
/// head -c 10`) closes the pipe: SIGPIPE is ignored (``ignoreBrokenPipes()``) so that the write
/// fails with EPIPE instead, and planctl then ends as a program killed by SIGPIPE would, quietly
/// (status 141 in a shell), without a crash report.
///
/// `FileHandle` reports a closed pipe as a Cocoa error (NSCocoaErrorDomain, code 512) whose
/// underlying error is the POSIX one: both are looked at.
enum StandardOutput {
    /// Makes a write to a closed pipe fail with EPIPE rather than kill the process. Call first.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes all of `data` to standard output; on a closed pipe ends planctl by SIGPIPE, on any
    /// other failure exits with a message naming the error.
    static func write(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            if isBrokenPipe(error) { endByBrokenPipe() }
            FileHandle.standardError.write(Data("planctl: cannot write to standard output: \(error.localizedDescription)\n".utf8))
            exit(ExitStatus.failure.rawValue)
        }
    }

    /// Whether `error`, or the error under it, is EPIPE.
    static func isBrokenPipe(_ error: any Error) -> Bool {
        let error = error as NSError
        if error.domain == NSPOSIXErrorDomain, error.code == Int(EPIPE) { return true }
        if let underlying = error.userInfo[NSUnderlyingErrorKey] as? NSError {
            return underlying.domain == NSPOSIXErrorDomain && underlying.code == Int(EPIPE)
        }
        return false
    }

    /// Ends the process the way the default SIGPIPE action would.
    static func endByBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }
}
