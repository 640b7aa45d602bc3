//! A target's deadline against today, as supervisors tag it: 红 past due, 黄 due
//! this year, 绿 later, and no year stated. A task is due in the year its 完成时限 names
//! (a 分工表 column), else in its latest target year.

use serde::{Deserialize, Serialize};

use crate::model::Task;

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

/// The year a 完成时限 as printed names: "2025年12月底" → 2025, "2026年6月底前" → 2026,
/// "2024—2025年" → 2025 (the latest year, when it names several); None for "持续推进" or
/// "6月底前". A year is four digits (full-width too) from 1900 to 2099, not part of a
/// longer number.
pub fn deadline_year(deadline: &str) -> Option<i32> {
    let digits: Vec<Option<u32>> = deadline
        .chars()
        .map(|c| match c {
            '０'..='９' => Some(c as u32 - '０' as u32),
            _ => c.to_digit(10),
        })
        .collect();
    let mut best = None;
    let mut k = 0;
    while k < digits.len() {
        let start = k;
        while k < digits.len() && digits[k].is_some() {
            k += 1;
        }
        if k - start == 4 {
            let year = digits[start..k]
                .iter()
                .flatten()
                .fold(0i32, |y, &d| y * 10 + d as i32);
            if (1900..2100).contains(&year) {
                best = best.max(Some(year));
            }
        }
        k = k.max(start + 1);
    }
    best
}

/// The year a task is due: the year of its 完成时限 when that names one, else its latest
/// target year. Every face that tags or filters a task by its deadline asks this.
pub fn task_year(task: &Task) -> Option<i32> {
    task.deadline
        .as_deref()
        .and_then(deadline_year)
        .or_else(|| task.targets.iter().filter_map(|t| t.year).max())
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
    fn the_year_a_deadline_names() {
        assert_eq!(deadline_year("2025年12月底"), Some(2025));
        assert_eq!(deadline_year("2026年6月底前"), Some(2026));
        assert_eq!(deadline_year("２０２７年底"), Some(2027));
        assert_eq!(deadline_year("2024—2025年"), Some(2025));
        assert_eq!(deadline_year("2025.12"), Some(2025));
        assert_eq!(deadline_year("持续推进"), None);
        assert_eq!(deadline_year("6月底前"), None);
        assert_eq!(deadline_year("12025年"), None);
        assert_eq!(deadline_year("编号3025"), None);
    }

    #[test]
    fn a_task_is_due_in_its_deadline_year_else_its_latest_target() {
        use crate::model::Target;
        let mut task = Task {
            targets: vec![
                Target {
                    year: Some(2027),
                    ..Target::default()
                },
                Target {
                    year: Some(2025),
                    ..Target::default()
                },
            ],
            ..Task::default()
        };
        assert_eq!(task_year(&task), Some(2027));
        task.deadline = Some("2026年6月底前".into());
        assert_eq!(task_year(&task), Some(2026));
        task.deadline = Some("持续推进".into());
        assert_eq!(task_year(&task), Some(2027));
        task.targets.clear();
        assert_eq!(task_year(&task), None);
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
