//! The configuration file: `key = value` lines, `#` comments.

use crate::duration::parse_duration;
use std::path::PathBuf;
use std::time::Duration;

/// Where the configuration lives when `--config` is not given.
pub const DEFAULT_PATH: &str = ".config/sample.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub path: PathBuf,
    pub timeout: Duration,
    pub allow_network: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config { path: PathBuf::from(DEFAULT_PATH), timeout: Duration::from_secs(5), allow_network: false }
    }
}

impl Config {
    pub fn parse(text: &str) -> Result<Config, String> {
        let mut config = Config::default();
        for (number, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let (key, value) = line
                .split_once('=')
                .ok_or_else(|| format!("line {}: expected `key = value`", number + 1))?;
            match (key.trim(), value.trim()) {
                ("", _) => return Err(format!("line {}: empty key", number + 1)),
                ("path", v) => config.path = PathBuf::from(v.trim_matches('"')),
                ("timeout", v) => config.timeout = parse_duration(v)?,
                ("allow_network", v) => config.allow_network = v == "true",
                (k, _) => return Err(format!("line {}: unknown key `{k}`", number + 1)),
            }
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_default_path() {
        let config = Config::parse("").unwrap();
        assert_eq!(config.path, PathBuf::from("sample.toml"));
    }

    #[test]
    fn parses_explicit_path() {
        let config = Config::parse("path = \"/etc/sample.toml\"").unwrap();
        assert_eq!(config.path, PathBuf::from("/etc/sample.toml"));
    }

    #[test]
    fn rejects_empty_key() {
        assert_eq!(Config::parse(" = 1"), Err("line 1: empty key".to_string()));
    }
}
