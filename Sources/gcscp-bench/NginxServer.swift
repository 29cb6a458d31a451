import Foundation

/// Debian's nginx, started in a folder of its own, serving one file over TLS 1.3 and HTTP/2: the yardstick for
/// the node's portal port.
final class NginxServer {
    let folder: String
    let port: UInt16
    private let process = Process()

    /// Writes a configuration that serves `body` at `/bench` with the given certificate and key, on `port`,
    /// with as many worker processes as the node has event-loop threads, and starts nginx in the foreground.
    init(folder: String, port: UInt16, certificatePath: String, keyPath: String, body: [UInt8], workers: Int) throws {
        self.folder = folder
        self.port = port
        let program = "/usr/sbin/nginx"
        guard FileManager.default.isExecutableFile(atPath: program) else {
            throw BenchmarkError("nginx is missing: install Debian's nginx (make bench-deps)")
        }
        try FileManager.default.createDirectory(atPath: "\(folder)/html", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: "\(folder)/logs", withIntermediateDirectories: true)
        try Data(body).write(to: URL(fileURLWithPath: "\(folder)/html/bench"))
        let configuration = """
            daemon off;
            master_process on;
            worker_processes \(workers);
            pid \(folder)/nginx.pid;
            error_log \(folder)/logs/error.log warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                default_type application/octet-stream;
                client_body_temp_path \(folder)/tmp;
                proxy_temp_path \(folder)/tmp;
                fastcgi_temp_path \(folder)/tmp;
                uwsgi_temp_path \(folder)/tmp;
                scgi_temp_path \(folder)/tmp;
                server {
                    listen 127.0.0.1:\(port) ssl http2;
                    ssl_certificate \(certificatePath);
                    ssl_certificate_key \(keyPath);
                    ssl_protocols TLSv1.3;
                    ssl_session_tickets off;
                    keepalive_requests 1000000;
                    http2_max_concurrent_streams 128;
                    root \(folder)/html;
                    location = /bench { }
                }
            }
            """
        try configuration.write(toFile: "\(folder)/nginx.conf", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = ["-p", folder, "-c", "\(folder)/nginx.conf"]
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
    }

    /// Stops nginx and waits for it.
    func stop() {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    deinit { stop() }
}
