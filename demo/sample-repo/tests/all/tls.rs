//! The TLS sample application: a guest that opens a TLS connection to example.com and prints the status line.

#[path = "../guest/tls_client.rs"]
mod tls_client;

#[test]
fn tls_sample_application() {
    let output = sample::sandbox::run("tls_client", tls_client::main).unwrap();
    assert!(output.stdout.starts_with("HTTP/1.1 "), "unexpected response: {}", output.stdout);
}
