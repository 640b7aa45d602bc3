//! A target's deadline against today, as supervisors tag it: 红 past due, 黄 due
//! this year, 绿 later, and no year stated.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Deadline {
    PastDue,
    DueThisYear,
    Later,
    NoYear,
}

impl Deadline {
    pub fn of(year: Option<i32>, this_year: i32) -> Deadline {
        match year {
            None => Deadline::NoYear,
            Some(y) if y < this_year => Deadline::PastDue,
            Some(y) if y == this_year => Deadline::DueThisYear,
            Some(_) => Deadline::Later,
        }
    }

    /// The tag shown in lists and exports.
    pub fn label(self) -> &'static str {
        match self {
            Deadline::PastDue => "红·已到期",
            Deadline::DueThisYear => "黄·本年到期",
            Deadline::Later => "绿·未到期",
            Deadline::NoYear => "无时限",
        }
    }

    pub const ALL: [Deadline; 4] = [
        Deadline::PastDue,
        Deadline::DueThisYear,
        Deadline::Later,
        Deadline::NoYear,
    ];
}

/// The current calendar year from the system clock (UTC).
pub fn current_year() -> i32 {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    year_of_unix_days((secs / 86_400) as i64)
}

/// The Gregorian year of a day count since 1970-01-01.
fn year_of_unix_days(days: i64) -> i32 {
    // Civil-from-days: shift the epoch to 0000-03-01 so leap days fall at year end.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2)) as i32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_against_a_year() {
        assert_eq!(Deadline::of(Some(2022), 2026), Deadline::PastDue);
        assert_eq!(Deadline::of(Some(2026), 2026), Deadline::DueThisYear);
        assert_eq!(Deadline::of(Some(2027), 2026), Deadline::Later);
        assert_eq!(Deadline::of(None, 2026), Deadline::NoYear);
    }

    #[test]
    fn calendar_years() {
        assert_eq!(year_of_unix_days(0), 1970);
        assert_eq!(year_of_unix_days(365), 1971);
        // 2024-02-29 and 2026-11-21.
        assert_eq!(year_of_unix_days(19_782), 2024);
        assert_eq!(year_of_unix_days(20_778), 2026);
        assert_eq!(year_of_unix_days(20_818), 2026);
        assert_eq!(year_of_unix_days(20_819), 2027);
    }
}
