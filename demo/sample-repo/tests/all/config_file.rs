//! Reading configuration files from disk.

use sample::config::Config;
use std::fs;

#[test]
fn loads_file_with_comments() {
    let dir = std::env::temp_dir().join(format!("sample-config-{}", std::process::id()));
    fs::create_dir_all(&dir).unwrap();
    let file = dir.join("sample.toml");
    fs::write(&file, "# sandbox limits\ntimeout = 2s\nallow_network = true\n").unwrap();

    let config = Config::parse(&fs::read_to_string(&file).unwrap()).unwrap();
    assert!(config.allow_network);
    assert_eq!(config.timeout.as_secs(), 2);
    fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn reports_unknown_key_with_line() {
    let error = Config::parse("timeout = 1s\ncolour = blue\n").unwrap_err();
    assert_eq!(error, "line 2: unknown key `colour`");
}
