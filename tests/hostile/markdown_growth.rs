//! DocFX directives whose cost or output must grow with the page, not faster.

use super::*;
