//! Runs a guest program the way the wasm host does in production, but in-process so the tests need no
//! toolchain: the guest gets its own thread, what it prints is captured, and a guest panic becomes a trap
//! with the panic message attached.

use std::fmt;
use std::thread;

/// What a finished guest printed.
#[derive(Debug, Default, PartialEq)]
pub struct Output {
    pub stdout: String,
}

/// Why a guest did not finish.
pub struct GuestError {
    pub guest: String,
    pub trap: String,
    pub cause: String,
}

// Printed like an error chain, because that is what `.unwrap()` shows in a failing test.
impl fmt::Debug for GuestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error while running guest `{}`\n\nCaused by:\n    0: {}\n    1: {}", self.guest, self.trap, self.cause)
    }
}

/// Runs `main` as the guest called `name`; the guest writes its standard output into the `String` it gets.
pub fn run(name: &str, main: fn(&mut String)) -> Result<Output, GuestError> {
    let guest = thread::Builder::new().name(name.to_string()).spawn(move || {
        let mut stdout = String::new();
        main(&mut stdout);
        stdout
    });
    let joined = guest.map_err(|e| e.to_string()).and_then(|handle| {
        handle.join().map_err(|payload| {
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "guest panicked".to_string())
        })
    });
    match joined {
        Ok(stdout) => Ok(Output { stdout }),
        // A Rust panic compiled to wasm32 aborts through `unreachable`.
        Err(cause) => Err(GuestError {
            guest: name.to_string(),
            trap: "wasm trap: wasm `unreachable` instruction executed".to_string(),
            cause,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::run;

    #[test]
    fn captures_guest_output() {
        let output = run("hello", |out| out.push_str("hello from the guest\n")).unwrap();
        assert_eq!(output.stdout, "hello from the guest\n");
    }

    #[test]
    fn guest_panic_becomes_trap() {
        let error = run("boom", |_| panic!("boom")).unwrap_err();
        assert!(error.trap.contains("unreachable"));
        assert_eq!(error.cause, "boom");
    }
}
