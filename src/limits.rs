//! Hard limits on inputs and rule packs. Exceeding one is an error naming the field; nothing is
//! truncated silently.

/// Largest household document accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 1 << 20;
/// Most members in one household.
pub const MAX_MEMBERS: usize = 64;
/// Most supporters (obliged relatives living elsewhere) in one household.
pub const MAX_SUPPORTERS: usize = 64;
/// Most vehicles in one household.
pub const MAX_VEHICLES: usize = 64;
/// Longest identifier or free string in a household document, in bytes.
pub const MAX_STRING_BYTES: usize = 128;
/// Largest money amount accepted in a household document, in yuan.
pub const MAX_MONEY_YUAN: i64 = 1_000_000_000_000;
/// Most decimal places in a money amount.
pub const MAX_MONEY_SCALE: u32 = 6;
/// Deepest nesting of an expression in a rule file.
pub const MAX_EXPR_DEPTH: usize = 48;
/// Longest expression text in a rule file, in bytes.
pub const MAX_EXPR_BYTES: usize = 8 * 1024;
/// Largest rule file, in bytes.
pub const MAX_RULE_FILE_BYTES: usize = 1 << 20;
/// Most rule files in a bundle.
pub const MAX_RULE_FILES: usize = 4096;
