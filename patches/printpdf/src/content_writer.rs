//! Writes a content stream's operations as lopdf's `Content::encode` does, byte for
//! byte, without going through `std::fmt` for every operand.
//!
//! A page of text is thousands of operands, mostly reals (positions, spacing) and
//! hexadecimal strings (glyph codes). lopdf formats a real with `write!("{}")` and a
//! hexadecimal string with one `write!("{:02X}")` per byte, each through a `dyn Write`;
//! that was about 4% of a CJK document's serialisation. Here a real gets the shortest
//! digits that read back as the same `f32` (zmij), laid out in `Display`'s positional
//! form, and hex digits come from a table. Any operand of another kind is handed to
//! lopdf's own writer.
//!
//! Where two shortest decimals are exactly equally near the value (312985.125 lies
//! between 312985.12 and 312985.13), zmij writes the even one and `Display` the one
//! above; such a value is spotted from its binary form and written by `Display`, so
//! that the bytes stay lopdf's.

use lopdf::{content::Operation, Object, StringFormat};

/// The bytes of `operations` as a content stream: each operation's operands, each
/// followed by a space, then its operator; operations separated by a newline.
pub(crate) fn encode_content(operations: &[Operation]) -> Vec<u8> {
    let mut out = Vec::with_capacity(operations.len() * 24);
    for (index, operation) in operations.iter().enumerate() {
        if index > 0 {
            out.push(b'\n');
        }
        for operand in &operation.operands {
            write_operand(&mut out, operand);
            out.push(b' ');
        }
        out.extend_from_slice(operation.operator.as_bytes());
    }
    out
}

fn write_operand(out: &mut Vec<u8>, object: &Object) {
    match object {
        Object::Integer(value) => out.extend_from_slice(itoa::Buffer::new().format(*value).as_bytes()),
        Object::Real(value) => write_real(out, *value),
        Object::Name(name) if name.iter().all(|&byte| is_regular_name_byte(byte)) => {
            out.push(b'/');
            out.extend_from_slice(name);
        }
        Object::String(bytes, StringFormat::Hexadecimal) => {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            out.reserve(bytes.len() * 2 + 2);
            out.push(b'<');
            for &byte in bytes {
                out.push(HEX[usize::from(byte >> 4)]);
                out.push(HEX[usize::from(byte & 0x0f)]);
            }
            out.push(b'>');
        }
        Object::Array(items) => {
            out.push(b'[');
            for (index, item) in items.iter().enumerate() {
                // lopdf separates an item from the one before it only when the item
                // begins with no delimiter of its own.
                if index > 0 && needs_separator(item) {
                    out.push(b' ');
                }
                write_operand(out, item);
            }
            out.push(b']');
        }
        other => {
            // Rare here (literal strings, dictionaries, escaped names); lopdf's writer is
            // private, and an operation of this one operand and an empty operator
            // encodes to the operand's bytes and a space.
            let single = lopdf::content::Content {
                operations: vec![Operation::new("", vec![other.clone()])],
            };
            let mut bytes = single.encode().expect("writing to a Vec does not fail");
            bytes.pop();
            out.extend_from_slice(&bytes);
        }
    }
}

/// lopdf's `Writer::need_separator`.
fn needs_separator(object: &Object) -> bool {
    matches!(
        object,
        Object::Null | Object::Boolean(_) | Object::Integer(_) | Object::Real(_) | Object::Reference(_)
    )
}

/// A byte lopdf writes into a name as itself, not as a `#xx` escape.
fn is_regular_name_byte(byte: u8) -> bool {
    (33..=126).contains(&byte) && !b"()<>[]{}/%#".contains(&byte)
}

/// Writes `value` as `format!("{value}")` would: the shortest digits that read back as
/// the same `f32`, never in exponent form.
fn write_real(out: &mut Vec<u8>, value: f32) {
    if !value.is_finite() {
        out.extend_from_slice(value.to_string().as_bytes());
        return;
    }
    if value == 0.0 {
        out.extend_from_slice(if value.is_sign_negative() { b"-0" } else { b"0" });
        return;
    }
    let mut buffer = zmij::Buffer::new();
    let shortest = buffer.format_finite(value).as_bytes();
    // zmij writes `12.34`, `0.001234`, `12340000000.0` or `1.234e+33`, `1e-7`: split
    // that into significant digits and the power of ten of the point after them.
    let (negative, unsigned) = match shortest.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, shortest),
    };
    let (mantissa, exponent) = match unsigned.iter().position(|&b| b == b'e') {
        Some(at) => (&unsigned[..at], parse_exponent(&unsigned[at + 1..])),
        None => (unsigned, 0),
    };
    let mut digits = [0u8; 48];
    let mut count = 0usize;
    // Where the decimal point falls, counted in digits from the first significant one.
    let mut point: i32 = 0;
    let mut seen_point = false;
    for &byte in mantissa {
        match byte {
            b'.' => seen_point = true,
            b'0' if count == 0 => {
                if seen_point {
                    point -= 1;
                }
            }
            _ => {
                digits[count] = byte;
                count += 1;
                if !seen_point {
                    point += 1;
                }
            }
        }
    }
    while count > 1 && digits[count - 1] == b'0' {
        count -= 1;
    }
    let digits = &digits[..count];
    let point = point + exponent;
    if may_be_a_tie(value, point - count as i32) {
        out.extend_from_slice(value.to_string().as_bytes());
        return;
    }
    if negative {
        out.push(b'-');
    }
    if point <= 0 {
        out.extend_from_slice(b"0.");
        out.resize(out.len() + point.unsigned_abs() as usize, b'0');
        out.extend_from_slice(digits);
    } else if (point as usize) < digits.len() {
        out.extend_from_slice(&digits[..point as usize]);
        out.push(b'.');
        out.extend_from_slice(&digits[point as usize..]);
    } else {
        out.extend_from_slice(digits);
        out.resize(out.len() + (point as usize - digits.len()), b'0');
    }
}

/// Whether `value` could lie exactly halfway between two shortest decimals whose last
/// digit stands for 10^`last_digit_power`: the one case where zmij and `Display` part.
/// A value halfway has exactly one fraction digit more than those decimals (a final
/// 5), and a binary fraction m·2^e with m odd and e < 0 has exactly -e of them. With
/// the last digit worth 10 or more, only a whole number from 2^24 up (where an `f32`
/// cannot hold every integer) may be halfway; below that the value is its digits.
fn may_be_a_tie(value: f32, last_digit_power: i32) -> bool {
    if last_digit_power > 0 {
        return value.abs() >= 16_777_216.0;
    }
    let bits = value.to_bits();
    let exponent_field = ((bits >> 23) & 0xff) as i32;
    let fraction = bits & 0x7f_ffff;
    let (mantissa, exponent) = if exponent_field == 0 {
        (fraction, -149)
    } else {
        (fraction | 0x80_0000, exponent_field - 150)
    };
    let fraction_digits = -(exponent + mantissa.trailing_zeros() as i32);
    fraction_digits == -last_digit_power + 1
}

/// The exponent zmij writes after `e`: an optional sign and decimal digits.
fn parse_exponent(text: &[u8]) -> i32 {
    let (sign, digits) = match text.split_first() {
        Some((b'-', rest)) => (-1, rest),
        Some((b'+', rest)) => (1, rest),
        _ => (1, text),
    };
    sign * digits.iter().fold(0i32, |value, &d| value * 10 + i32::from(d - b'0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn real(value: f32) -> String {
        let mut out = Vec::new();
        write_real(&mut out, value);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn reals_are_written_as_display_writes_them() {
        let chosen = [
            0.0f32, -0.0, 1.0, -1.0, 0.5, 0.1, 12.34, 79.37008, 722.92786, -3.1584167,
            0.0000011302807, 1e-7, 1.5e-30, f32::MIN_POSITIVE, 1e-45, 100.0, 12340000000.0,
            1.234e33, f32::MAX, f32::MIN, 16777216.0, 16777217.0, 0.3, 2.0 / 3.0,
        ];
        for value in chosen {
            assert_eq!(real(value), format!("{value}"), "{value:e}");
        }
        // Bit patterns spread over every exponent, sign and mantissa, with a fixed seed.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut ties = 0;
        for _ in 0..2_000_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let value = f32::from_bits(state as u32);
            if !value.is_finite() {
                continue;
            }
            assert_eq!(real(value), format!("{value}"), "bits {:#010x}", value.to_bits());
            if zmij::Buffer::new().format_finite(value).parse::<f64>()
                != format!("{value}").parse::<f64>()
            {
                ties += 1;
            }
        }
        // The halfway values were met, and written as `Display` writes them.
        assert!(ties > 100, "{ties} ties");
        // Every 3rd f32 from 0.001 to 10,000, the range of a page's positions.
        for bits in (0x3A83_126Fu32..0x461C_4000).step_by(3) {
            let value = f32::from_bits(bits);
            assert_eq!(real(value), format!("{value}"), "bits {bits:#010x}");
        }
    }

    #[test]
    fn operations_are_encoded_as_lopdf_encodes_them() {
        use lopdf::content::Content;
        let operations = vec![
            Operation::new("BT", vec![]),
            Operation::new("Tf", vec![Object::Name(b"F1".to_vec()), Object::Real(16.0)]),
            Operation::new("Tc", vec![Object::Real(-3.1584167)]),
            Operation::new("Td", vec![Object::Real(79.37008), Object::Integer(-722)]),
            Operation::new(
                "TJ",
                vec![Object::Array(vec![
                    Object::String(vec![0x2a, 0xc2, 0x00, 0xff], StringFormat::Hexadecimal),
                    Object::Integer(-250),
                    Object::Real(12.5),
                    Object::String(vec![0x01], StringFormat::Hexadecimal),
                ])],
            ),
            Operation::new("Tj", vec![Object::String(b"a(b)\\c\r".to_vec(), StringFormat::Literal)]),
            Operation::new("Do", vec![Object::Name(b"Im 1#/x".to_vec())]),
            Operation::new("d", vec![Object::Array(vec![]), Object::Integer(0)]),
            Operation::new("ET", vec![]),
        ];
        let expected = Content { operations: operations.clone() }.encode().unwrap();
        assert_eq!(encode_content(&operations), expected);
        assert_eq!(encode_content(&[]), Content { operations: vec![] }.encode().unwrap());
    }
}
