// SPDX-License-Identifier: MIT
// SPDX-FileCopyrightText: 2026 The Coroscope developers
// Conformance of the JSON cursor: a table of inputs, each read whole from memory and
// from a device in chunks of 1, 2, 3, 7 and 4096 bytes (so every token also crosses a
// chunk boundary), giving the same value or the same error.

#include "io/jsoncursor.h"

#include <QBuffer>
#include <QTest>

#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>

using namespace coroscope;

namespace {

//! The value under the cursor as canonical text ({"k":v}, numbers as written).
QByteArray render(JsonCursor &j) {
    switch (j.peek()) {
    case JsonCursor::Kind::Object: {
        QByteArray out = "{";
        j.open('{');
        for (bool first = true; j.more('}', first);) {
            if (out.size() > 1)
                out += ',';
            const std::string_view key = j.key();
            out += '"' + QByteArray(key.data(), qsizetype(key.size())) + "\":";
            out += render(j);
        }
        return out + '}';
    }
    case JsonCursor::Kind::Array: {
        QByteArray out = "[";
        j.open('[');
        for (bool first = true; j.more(']', first);) {
            if (out.size() > 1)
                out += ',';
            out += render(j);
        }
        return out + ']';
    }
    case JsonCursor::Kind::String: {
        const std::string s = j.string();
        return '"' + QByteArray(s.data(), qsizetype(s.size())) + '"';
    }
    case JsonCursor::Kind::Bool:
        return j.boolean() ? "true" : "false";
    case JsonCursor::Kind::Null:
        j.null();
        return "null";
    case JsonCursor::Kind::Number: {
        const JsonCursor::Number n = j.number();
        QByteArray out(n.text.data(), qsizetype(n.text.size()));
        if (!n.exponent) // the parts the reader uses for exact times
            out += QByteArray("=") + (n.negative ? "-" : "") + QByteArray::number(n.whole) + "." +
                   QByteArray::number(n.fraction9).rightJustified(9, '0') + "/" +
                   QByteArray::number(n.wholeDigits) + "+" + QByteArray::number(n.fractionDigits);
        return out;
    }
    }
    return {};
}

//! The whole input as canonical text, or "error: " and the message.
QByteArray readAll(JsonCursor &j, bool skipInstead) {
    try {
        QByteArray out;
        if (skipInstead)
            j.skip();
        else
            out = render(j);
        if (!j.atEnd())
            j.syntax("garbage after the value");
        return skipInstead ? QByteArray("skipped") : out;
    } catch (const JsonError &e) {
        return "error: " + e.message.toUtf8();
    }
}

} // namespace

class TestJsonCursor : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void conformance_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected"); // the rendering, or "error: …" (a prefix)
        auto row = [](const char *name, const QByteArray &in, const QByteArray &out) {
            QTest::newRow(name) << in << out;
        };
        // Accepted: every kind of value, white space, escapes, the parts of numbers.
        row("zero", "0", "0=0.000000000/1+0");
        row("minus zero", "-0", "-0=-0.000000000/1+0");
        row("decimal", "12.5", "12.5=12.500000000/2+1");
        row("nanoseconds", "1.000000001", "1.000000001=1.000000001/1+9");
        row("beyond nine decimals", "0.0000000019", "0.0000000019=0.000000001/1+10");
        row("exponent", "1.5e10", "1.5e10");
        row("exponent forms", "[-1.25E-3,1e+2,0e0]", "[-1.25E-3,1e+2,0e0]");
        row("twenty digits", "12345678901234567890",
            "12345678901234567890=1234567890123456789.000000000/20+0");
        row("literals", "[true,false,null]", "[true,false,null]");
        row("white space", " \t\n\r{ \"a\" :\t1 ,\"b\":[ ] }\n",
            "{\"a\":1=1.000000000/1+0,\"b\":[]}");
        row("empty containers", "[{},[],\"\"]", "[{},[],\"\"]");
        row("escapes", "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\"\\/\b\f\n\r\t\"");
        row("unicode escape", "\"\\u00e9\\u20AC\"", "\"\xC3\xA9\xE2\x82\xAC\"");
        row("surrogate pair", "\"\\ud83d\\ude00\"", "\"\xF0\x9F\x98\x80\"");
        row("lone high surrogate", "\"\\ud800x\"", "\"\xEF\xBF\xBDx\"");
        row("high surrogate, other escape", "\"\\ud800\\n\"", "\"\xEF\xBF\xBD\n\"");
        row("high then high", "\"\\ud800\\ud800\"", "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
        row("lone low surrogate", "\"\\udc00\"", "\"\xEF\xBF\xBD\"");
        row("UTF-8 as written", "\"\xC3\xA9\xF0\x9F\x98\x80\"", "\"\xC3\xA9\xF0\x9F\x98\x80\"");
        row("byte order mark", "\xEF\xBB\xBF{}", "{}");
        row("repeated keys pass (the reader refuses them)", "{\"a\":1,\"a\":2}",
            "{\"a\":1=1.000000000/1+0,\"a\":2=2.000000000/1+0}");
        row("16 levels", QByteArray(16, '[') + QByteArray(16, ']'),
            QByteArray(16, '[') + QByteArray(16, ']'));
        row("number of 1024 characters", "0." + QByteArray(1022, '1'),
            "0." + QByteArray(1022, '1') + "=0.111111111/1+1022");
        // The same inside an array: a character that ends the number lies ahead, so the
        // cursor scans it in one pass (eight digits at a time); the results must not differ.
        row("numbers in an array",
            "[1.5,0.123456789,0.12345678,12.3456789012345678,0.00000000000000000001,-7]",
            "[1.5=1.500000000/1+1,0.123456789=0.123456789/1+9,0.12345678=0.123456780/1+8,"
            "12.3456789012345678=12.345678901/2+16,"
            "0.00000000000000000001=0.000000000/1+20,-7=-7.000000000/1+0]");
        row("number of 1024 characters in an array", "[0." + QByteArray(1022, '1') + "]",
            "[0." + QByteArray(1022, '1') + "=0.111111111/1+1022]");

        // Refused, with the first problem and where it is.
        row("empty", "", "error: not JSON: unexpected end at byte 0");
        row("only a byte order mark", "\xEF\xBB\xBF", "error: not JSON: unexpected end at byte 0");
        row("byte order mark later", "{} \xEF\xBB\xBF",
            "error: not JSON: garbage after the value at byte 3");
        row("leading zero", "[01]", "error: not JSON: expected ',' or ']' at byte 2");
        row("plus", "+1", "error: not JSON: invalid value at byte 0");
        row("bare fraction", ".5", "error: not JSON: invalid value at byte 0");
        row("point without digits", "1.", "error: not JSON: invalid number at byte 2");
        row("exponent without digits", "1e+", "error: not JSON: invalid number at byte 3");
        row("minus alone", "-", "error: not JSON: invalid number at byte 1");
        row("NaN", "NaN", "error: not JSON: invalid value at byte 0");
        row("Infinity", "[-Infinity]", "error: not JSON: invalid number at byte 2");
        row("hex", "0x10", "error: not JSON: garbage after the value at byte 1");
        row("trailing comma in array", "[1,]", "error: not JSON: invalid value at byte 3");
        row("trailing comma in object", "{\"a\":1,}", "error: not JSON: invalid value at byte 7");
        row("unquoted key", "{a:1}", "error: not JSON: invalid value at byte 1");
        row("number key", "{1:1}", "error: not JSON: expected a key at byte 1");
        row("missing colon", "{\"a\" 1}", "error: not JSON: expected ':' at byte 5");
        row("missing comma", "[1 2]", "error: not JSON: expected ',' or ']' at byte 3");
        row("unclosed array", "[1", "error: not JSON: unexpected end at byte 2");
        row("unterminated string", "\"abc", "error: not JSON: unterminated string at byte 4");
        row("control character", "\"a\tb\"",
            "error: not JSON: control character in string at byte 2");
        row("bad escape", "\"\\x\"", "error: not JSON: invalid escape at byte 3");
        row("bad unicode escape", "\"\\u12G4\"", "error: not JSON: invalid escape at byte 6");
        row("short unicode escape", "\"\\u12\"", "error: not JSON: invalid escape at byte 6");
        row("truncated literal", "tru", "error: not JSON: invalid value at byte 3");
        row("wrong literal", "nul1", "error: not JSON: invalid value at byte 3");
        row("single quotes", "'a'", "error: not JSON: invalid value at byte 0");
        row("comment", "[1]//", "error: not JSON: garbage after the value at byte 3");
        row("17 levels", QByteArray(17, '[') + QByteArray(17, ']'),
            "error: nested deeper than 16 levels (at byte 16)");
        row("deep objects", QByteArray("{\"a\":").repeated(17) + "1" + QByteArray(17, '}'),
            "error: nested deeper than 16 levels (at byte 80)");
        row("number of 1025 characters", "0." + QByteArray(1023, '1'),
            "error: not JSON: a number longer than 1024 characters at byte 1025");
        row("number of 1025 characters in an array", "[0." + QByteArray(1023, '1') + "]",
            "error: not JSON: a number longer than 1024 characters at byte 1026");
        row("long digits, then a bad point", "[" + QByteArray(2000, '1') + ".x]",
            "error: not JSON: a number longer than 1024 characters at byte 1026");
        row("point without digits in an array", "[1.]",
            "error: not JSON: invalid number at byte 3");
        row("bad point after eight digits", "[0.12345678.]",
            "error: not JSON: expected ',' or ']' at byte 11");
        row("exponent without digits in an array", "[1e+]",
            "error: not JSON: invalid number at byte 4");
        row("minus alone in an array", "[-]", "error: not JSON: invalid number at byte 2");
        row("leading zero after minus", "[-01]", "error: not JSON: expected ',' or ']' at byte 3");
        row("huge string", '"' + QByteArray(65537, 'a') + '"',
            "error: not JSON: a string longer than 65536 bytes at byte 0");
        row("truncated UTF-8", "\"\xC3\"", "error: not JSON: invalid UTF-8 in a string at byte 2");
        row("UTF-8 cut by the end", "\"\xE2\x82",
            "error: not JSON: invalid UTF-8 in a string at byte 3");
        row("overlong UTF-8", "\"\xC0\xAF\"",
            "error: not JSON: invalid UTF-8 in a string at byte 1");
        row("overlong 3 bytes", "\"\xE0\x80\xAF\"",
            "error: not JSON: invalid UTF-8 in a string at byte 4");
        row("UTF-8 surrogate", "\"\xED\xA0\x80\"",
            "error: not JSON: invalid UTF-8 in a string at byte 4");
        row("beyond U+10FFFF", "\"\xF4\x90\x80\x80\"",
            "error: not JSON: invalid UTF-8 in a string at byte 5");
        row("Latin-1 byte", "\"caf\xE9\"", "error: not JSON: invalid UTF-8 in a string at byte 5");
        row("byte above 0x7F outside strings", "[\xC3\xA9]",
            "error: not JSON: invalid value at byte 1");
        row("NUL byte", QByteArray("[1,\0]", 5), "error: not JSON: invalid value at byte 3");
    }
    void conformance() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        JsonCursor whole(std::string_view(input.constData(), size_t(input.size())));
        const QByteArray got = readAll(whole, false);
        QVERIFY2(got.startsWith(expected), got.left(300).constData());

        // The same from a device, whatever the chunk size, and skip() agrees on errors.
        for (qsizetype chunk : {1, 2, 3, 7, 4096}) {
            QBuffer device(&input);
            QVERIFY(device.open(QIODevice::ReadOnly));
            JsonCursor chunked(&device, input.size(), 16, chunk);
            QCOMPARE(readAll(chunked, false), got);
            QBuffer again(&input);
            QVERIFY(again.open(QIODevice::ReadOnly));
            JsonCursor skipping(&again, input.size(), 16, chunk);
            const QByteArray skipped = readAll(skipping, true);
            if (got.startsWith("error: "))
                QCOMPARE(skipped, got);
            else
                QCOMPARE(skipped, QByteArray("skipped"));
        }
    }

    //! Number::toDouble gives what std::from_chars gives, bit for bit: plain decimals of
    //! up to 19 digits go the fast way (one division), all else through from_chars.
    void toDoubleIsFromChars() {
        QList<QByteArray> texts = {"0",
                                   "-0",
                                   "1",
                                   "0.1",
                                   "0.3",
                                   "-2.5",
                                   "1.000000001",
                                   "9007199254740992",
                                   "9007199254740993",
                                   "9007199254740993.0",
                                   "9007199254740995",
                                   "18014398509481986",
                                   "18014398509481990",
                                   "4503599627370497.5",
                                   "9223372036854775807",
                                   "9999999999999999999",
                                   "0.0000000000000000001",
                                   "1.7976931348623157e308",
                                   "4.9e-324",
                                   "1e-400",
                                   "123456789012345678901234",
                                   "0.30000000000000000000001"};
        std::mt19937_64 rng(13); // NOLINT(bugprone-random-generator-seed): the same cases each run
        // Exact midpoints between neighbouring doubles that fit in 19 digits: integers from
        // 2^53 on, and halves, quarters and eighths below (where rounding to x87's 64 bits,
        // then to the double's 53, could differ from one rounding), and their neighbours.
        for (int i = 0; i < 30000; ++i) {
            const int e = 50 + int(rng() % 13); // [2^50, 2^63)
            const double d = double((rng() >> (64 - e)) | (quint64(1) << e));
            const long double mid =
                (static_cast<long double>(d) + std::nextafter(d, 1e300)) / 2; // exact
            char buf[64];
            const int decimals = e >= 53 ? 0 : 53 - e;
            std::snprintf(buf, sizeof buf, "%.*Lf", decimals, mid);
            texts << buf;
            std::snprintf(buf, sizeof buf, "%.*Lf", decimals + 1, mid);
            texts << buf;
            const long double ulp64 = mid / (static_cast<long double>(quint64(1) << 62) * 2);
            std::snprintf(buf, sizeof buf, "%.*Lf", decimals + 2, mid + ulp64);
            texts << buf;
            std::snprintf(buf, sizeof buf, "%.*Lf", decimals + 2, mid - ulp64);
            texts << buf;
        }
        // Random decimals of 1 to 21 digits, the point anywhere, and values as the writer
        // puts them (the shortest text that reads back: 17 digits mostly).
        for (int i = 0; i < 300000; ++i) {
            const int n = 1 + int(rng() % 21);
            QByteArray digits;
            for (int k = 0; k < n; ++k)
                digits += char('0' + rng() % 10);
            while (digits.size() > 1 && digits.startsWith('0'))
                digits.remove(0, 1);
            const qsizetype point = qsizetype(rng() % quint64(digits.size() + 1));
            QByteArray text = point == 0 ? "0." + digits
                              : point == digits.size()
                                  ? digits
                                  : digits.left(point) + "." + digits.mid(point);
            if (rng() % 4 == 0)
                text.prepend('-');
            texts << text;
            char buf[32];
            const double v = std::uniform_real_distribution<double>(0, 10)(rng);
            texts << QByteArray(buf, std::to_chars(buf, buf + sizeof buf, v).ptr - buf);
        }
        int fast = 0;
        for (const QByteArray &text : std::as_const(texts)) {
            const QByteArray json = "[" + text + "]";
            JsonCursor j(std::string_view(json.constData(), size_t(json.size())));
            j.open('[');
            const JsonCursor::Number n = j.number();
            QCOMPARE(QByteArray(n.text.data(), qsizetype(n.text.size())), text);
            double want = 0;
            const auto r = std::from_chars(text.constData(), text.constData() + text.size(), want);
            const bool wantOk = r.ec == std::errc() && std::isfinite(want);
            double got = -1;
            QVERIFY2(n.toDouble(got) == wantOk, text.constData());
            if (wantOk)
                QVERIFY2(std::bit_cast<quint64>(got) == std::bit_cast<quint64>(want),
                         text.constData());
            fast += !n.exponent && n.wholeDigits + n.fractionDigits <= 19;
        }
        QVERIFY(fast > texts.size() / 2); // the fast way was taken, and checked
    }

    void seekGoesBackAcrossChunks() {
        QByteArray input = "{\"a\": [1, 2, 3], \"b\": \"x\", \"c\": 4}";
        QBuffer device(&input);
        QVERIFY(device.open(QIODevice::ReadOnly));
        JsonCursor j(&device, input.size(), 16, 4);
        j.open('{');
        bool first = true;
        QVERIFY(j.more('}', first));
        QCOMPARE(j.key(), std::string_view("a"));
        j.peek();
        const qint64 a = j.offset();
        QCOMPARE(a, qint64(6));
        j.skip();
        while (j.more('}', first)) {
            j.key();
            j.skip();
        }
        QVERIFY(j.atEnd());
        j.seek(a, 1);
        QCOMPARE(render(j), QByteArray("[1=1.000000000/1+0,2=2.000000000/1+0,3=3.000000000/1+0]"));
    }

    void chunksAreReportedAndBounded() {
        QByteArray input = "[" + QByteArray("1,").repeated(5000) + "1]";
        QBuffer device(&input);
        QVERIFY(device.open(QIODevice::ReadOnly));
        JsonCursor j(&device, input.size(), 16, 1000);
        QList<qint64> reads;
        j.setChunkRead([&](qint64 n) { reads.append(n); });
        j.skip();
        QVERIFY(j.atEnd());
        QCOMPARE(reads.size(), 11); // 10,003 bytes in chunks of 1,000
        QCOMPARE(reads.last(), input.size());
        for (qsizetype i = 1; i < reads.size(); ++i)
            QVERIFY(reads[i] > reads[i - 1]);

        QBuffer limited(&input);
        QVERIFY(limited.open(QIODevice::ReadOnly));
        JsonCursor bounded(&limited, 100, 16, 1000);
        bounded.setByteLimit(5000);
        QVERIFY_THROWS_EXCEPTION(JsonError, bounded.skip());
    }
};

QTEST_GUILESS_MAIN(TestJsonCursor)
#include "tst_jsoncursor.moc"
