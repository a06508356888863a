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
enum StandardOutput {
    /// Makes a write to a closed pipe fail with EPIPE rather than kill the process. Call first.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Writes `data` to standard output; on a closed pipe ends planctl by SIGPIPE.
    static func write(_ data: Data) {
        do {
            try FileHandle.standardOutput.write(contentsOf: data)
        } catch {
            let code = (error as NSError).code
            if code == Int(EPIPE) || (error as? POSIXError)?.code == .EPIPE { endByBrokenPipe() }
            FileHandle.standardError.write(Data("planctl: cannot write to standard output: \(error.localizedDescription)\n".utf8))
            exit(ExitStatus.failure.rawValue)
        }
    }

    /// Ends the process the way the default SIGPIPE action would.
    static func endByBrokenPipe() -> Never {
        signal(SIGPIPE, SIG_DFL)
        raise(SIGPIPE)
        exit(128 + SIGPIPE)
    }
}
