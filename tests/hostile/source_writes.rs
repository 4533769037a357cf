//! Writes through symlinks and predictable temporary names: nothing outside what the user named is ever written.

use super::*;
