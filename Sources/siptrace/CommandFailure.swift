/// An error a command ends with, carrying siptrace's exit code.
///
/// 1 means a check failed (the capture shows something wrong); 2 means the user or
/// the input is at fault (bad option, unreadable file). `message` is one line.
struct CommandFailure: Error {
    var exitCode: Int32
    var message: String

    static func usage(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: 2, message: message)
    }

    static func input(_ message: String) -> CommandFailure {
        CommandFailure(exitCode: 2, message: message)
    }

    /// A check failed; the verdicts were already printed.
    static let checkFailed = CommandFailure(exitCode: 1, message: "")
}
