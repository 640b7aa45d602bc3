//! Tasks related to a task in other plans: the same indicator among their targets,
//! shared key terms (character pairs of the titles and texts, weighted by rarity)
//! and shared units. Used by the side panel's "related tasks".

use std::collections::{HashMap, HashSet};

use crate::extract::text::fold;
use crate::model::{Library, SmolStr, Task};

/// One related task with why it is related.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    pub task: SmolStr,
    pub score: f32,
    pub reasons: Vec<String>,
}

fn pairs(s: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = fold(s)
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !"，。、；：“”（）".contains(*c))
        .collect();
    chars.windows(2).map(|w| (w[0], w[1])).collect()
}

/// The `n` most related tasks of other plans, best first.
pub fn related(lib: &Library, task_id: &str, n: usize) -> Vec<Related> {
    let Some(task) = lib.task(task_id) else {
        return Vec::new();
    };
    // Rarity of each character pair across all tasks: common pairs (建设, 推进) weigh
    // little, domain pairs (充电, 基站) much.
    let mut df: HashMap<(char, char), usize> = HashMap::new();
    let sets: Vec<HashSet<(char, char)>> = lib
        .tasks
        .iter()
        .map(|t| {
            let s = pairs(&format!("{} {}", t.title, t.text));
            for p in &s {
                *df.entry(*p).or_default() += 1;
            }
            s
        })
        .collect();
    let total = lib.tasks.len().max(1) as f32;
    let idf = |p: &(char, char)| (total / *df.get(p).unwrap_or(&1) as f32).ln();
    let Some(mine_idx) = lib.tasks.iter().position(|t| t.id == task_id) else {
        return Vec::new();
    };
    let mine = &sets[mine_idx];
    let mine_title = pairs(&task.title);
    let mine_ind: HashSet<String> = indicators(task);
    let mut out: Vec<Related> = Vec::new();
    for (i, other) in lib.tasks.iter().enumerate() {
        if other.document == task.document {
            continue;
        }
        let shared: f32 = mine.intersection(&sets[i]).map(idf).sum();
        let norm: f32 = mine.iter().map(idf).sum::<f32>().max(1.0);
        let mut score = shared / norm;
        let mut reasons = Vec::new();
        let title_shared = mine_title.intersection(&pairs(&other.title)).count();
        if title_shared >= 2 {
            score += 0.1 * title_shared as f32;
        }
        let ind: Vec<String> = indicators(other).intersection(&mine_ind).cloned().collect();
        if !ind.is_empty() {
            score += 0.5;
            reasons.push(format!("同一指标：{}", ind.join("、")));
        }
        let units: Vec<&str> = other
            .units
            .iter()
            .filter(|u| task.units.iter().any(|m| m.name == u.name))
            .map(|u| u.name.as_str())
            .collect();
        if !units.is_empty() {
            score += 0.05 * units.len() as f32;
            reasons.push(format!("共同单位：{}", units.join("、")));
        }
        if score > 0.15 {
            reasons.insert(0, format!("相似度 {:.0}%", (score.min(1.0)) * 100.0));
            out.push(Related {
                task: other.id.clone(),
                score,
                reasons,
            });
        }
    }
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.task.cmp(&b.task))
    });
    out.truncate(n);
    out
}

fn indicators(t: &Task) -> HashSet<String> {
    t.targets
        .iter()
        .map(|x| fold(&x.indicator).to_lowercase())
        .filter(|s| s.chars().count() >= 2)
        .collect()
}
