//! Localization: which page translates which, and the UI strings.

pub mod checks;
pub mod mojibake;
pub mod pairing;
pub mod stamp;
pub mod status;
pub mod ui_strings;
