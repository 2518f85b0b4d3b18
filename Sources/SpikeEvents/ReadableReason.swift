import Foundation

/// Why a file-system or process call failed, in words for a message: the operating system's reason ("No such
/// file or directory", "Permission denied") instead of Foundation's `Error Domain=NSCocoaErrorDomain Code=4 …
/// UserInfo={…}`; any other error by its own description.
public func readableReason(_ error: any Error) -> String {
    let ns = error as NSError
    guard ns.domain == NSCocoaErrorDomain || ns.domain == NSPOSIXErrorDomain else { return "\(error)" }
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error {
        let posix = underlying as NSError
        if posix.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(posix.code))) }
    }
    return ns.domain == NSPOSIXErrorDomain ? String(cString: strerror(Int32(ns.code))) : ns.localizedDescription
}
