//! Waiting on a condition with a timeout, and waking a waiter.

use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn atomic_wait_timeout_length() {
    let pair = (Mutex::new(false), Condvar::new());
    let start = Instant::now();
    let guard = pair.0.lock().unwrap();
    let (_guard, result) = pair.1.wait_timeout_while(guard, Duration::from_millis(20), |ready| !*ready).unwrap();
    let waited = start.elapsed();
    assert!(result.timed_out() && waited >= Duration::from_millis(20) && waited < Duration::from_micros(20_150), "waited {waited:?}, expected 20 ms");
}

#[test]
fn notify_wakes_waiter() {
    let pair = Arc::new((Mutex::new(false), Condvar::new()));
    let waiter = {
        let pair = Arc::clone(&pair);
        thread::spawn(move || {
            let guard = pair.0.lock().unwrap();
            let _ready = pair.1.wait_while(guard, |ready| !*ready).unwrap();
        })
    };
    *pair.0.lock().unwrap() = true;
    pair.1.notify_all();
    waiter.join().unwrap();
}
