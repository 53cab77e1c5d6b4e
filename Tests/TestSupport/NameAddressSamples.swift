/// From and To values that `NameAddress.parts` reads in place (plain ASCII,
/// one line, no escapes in a quoted name), some ordinary, most odd: blanks
/// and tabs everywhere, empty and quoted tags, `tel:` URIs, no user, several
/// tags or values, controls. `NameAddressPartsTests` checks each part against
/// `parse`, `NameAddressJSONTests` the JSON written from them.
public enum NameAddressSamples {
    public static let plain: [String] = [
        "\"Alice\" <sip:alice@example.com>;tag=1928301774",
        "Bob <sip:bob@biloxi.example.com>",
        "<sip:+15551234@gw;user=phone>;tag=a;other=b",
        "sip:carol@chicago.example.com;tag=887s",
        "  \"\"  <sip:empty@x> ; tag = spaced  ",
        "<tel:+1-555-1234;phone-context=example.com>;tag=\"quoted\"",
        "<sip:u:secret@h>;tag=",
        "<sip:@h>;TAG=upper",
        "<sip:h>",
        "\"a\tb\u{1}\" <sip:ctl@h>;tag=t\u{7F}",
        "Name With Spaces <sip:x@y;transport=tcp>;tag=\"\"",
        "<>",
        "",
        "\"unterminated <sip:a@b>;tag=1",
        "sip:no-brackets@h;tag=1,<sip:second@h>",
        "<sip:a\"b@h>;tag=\"",
        "\t\"T\"\t<sip:t@h>\t;\ttag=\tx\t",
        "<sip:a@h>;tag=\" q \"",
        "<sip:a@h>;tag=a;tag=b",
        "<sip:a@h>;tag=a,b",
        "\"A\" sip:a@h;tag=1",
        "\"x <y>;tag=no\" <sip:a@h>;tag=yes",
        "<sip:a\\b@h>;tag=1",
        "<sip:a\u{0}b@h>;tag=\u{0}",
        "<sip:a@h",
        "tel:+1;tag=2",
        "<sip:a@h>, <sip:b@h>;tag=2",
    ]
}
