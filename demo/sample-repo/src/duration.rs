//! Durations as people write them in configuration files: `250ms`, `5s`, `2m`.

use std::time::Duration;

/// Parses a duration with a unit suffix.
///
/// ```
/// use std::time::Duration;
/// use sample::duration::parse_duration;
///
/// assert_eq!(parse_duration("250ms"), Ok(Duration::from_millis(250)));
/// assert_eq!(parse_duration("2m"), Ok(Duration::from_secs(120)));
/// ```
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    let split = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: u64 = number.parse().map_err(|_| format!("`{text}` does not start with a number"))?;
    match unit {
        "ms" => Ok(Duration::from_millis(value)),
        "s" => Ok(Duration::from_secs(value)),
        "m" => Ok(Duration::from_secs(value * 60)),
        _ => Err(format!("`{text}` has an unknown unit `{unit}` (use ms, s or m)")),
    }
}

#[cfg(test)]
mod tests {
    use super::parse_duration;
    use std::time::Duration;

    #[test]
    fn parses_milliseconds() {
        assert_eq!(parse_duration("15ms"), Ok(Duration::from_millis(15)));
    }

    #[test]
    fn parses_seconds() {
        assert_eq!(parse_duration(" 5s "), Ok(Duration::from_secs(5)));
    }

    #[test]
    fn rejects_unknown_unit() {
        assert!(parse_duration("3h").unwrap_err().contains("unknown unit"));
    }
}
