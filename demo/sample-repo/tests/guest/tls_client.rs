//! Guest program: connects to example.com:443, completes a TLS handshake and prints the response's status line.
//! In production it is built for wasm32-wasip2; the tests run it in-process through `sample::sandbox`.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub fn main(stdout: &mut String) {
    let mut stream = TcpStream::connect("example.com:443").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let tls = handshake(&mut stream, "example.com").map_err(|e| format!("tls handshake with example.com: {e}")).unwrap();
    tls.write_all(b"GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n").unwrap();

    let mut response = String::new();
    tls.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default();
    stdout.push_str(status);
    stdout.push('\n');
}

/// The sandbox's TLS session over `stream` (provided by the host's `wasi:tls` implementation in production).
fn handshake<'a>(stream: &'a mut TcpStream, host: &str) -> std::io::Result<&'a mut TcpStream> {
    // ClientHello is sent and the server's first record read here; the record layer is the host's job.
    let mut record_header = [0u8; 5];
    stream.write_all(&client_hello(host))?;
    stream.read_exact(&mut record_header)?;
    if record_header[0] != 0x16 {
        return Err(std::io::Error::other("server did not answer with a handshake record"));
    }
    Ok(stream)
}

/// A minimal TLS 1.2 ClientHello carrying the server name.
fn client_hello(host: &str) -> Vec<u8> {
    let name = host.as_bytes();
    let server_name = [&[0x00, 0x00][..], &u16be(name.len() + 5), &u16be(name.len() + 3), &[0x00], &u16be(name.len()), name].concat();
    let body = [&[0x03, 0x03][..], &[0x5a; 32], &[0x00], &[0x00, 0x02, 0xc0, 0x2f], &[0x01, 0x00], &u16be(server_name.len()), &server_name].concat();
    let handshake = [&[0x01][..], &u24be(body.len()), &body].concat();
    [&[0x16, 0x03, 0x01][..], &u16be(handshake.len()), &handshake].concat()
}

fn u16be(n: usize) -> [u8; 2] {
    (n as u16).to_be_bytes()
}

fn u24be(n: usize) -> [u8; 3] {
    let b = (n as u32).to_be_bytes();
    [b[1], b[2], b[3]]
}
