//! Localization below the model: which page translates which, the UI
//! strings, and the checks on localized text (mojibake, Fluent coverage).
//! What localization teams run over a loaded site lives in `translations`.

pub mod coverage;
pub mod dates;
pub mod history;
pub mod mojibake;
pub mod pairing;
pub mod structure;
pub mod ui_strings;
pub mod words;
