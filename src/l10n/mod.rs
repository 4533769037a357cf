//! Localization: which page translates which, and the UI strings.

pub mod pairing;
pub mod ui_strings;
