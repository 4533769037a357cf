//! What localization teams run over a loaded site: translation status
//! (`l10n status`) and the byte-preserving stamping of translations
//! (`l10n add`, `--mark-current`).

pub mod emphasis;
pub mod handoff;
pub mod inline;
pub mod literal;
pub mod segment;
pub mod stamp;
pub mod status;
pub mod xliff;
