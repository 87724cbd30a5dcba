namespace Dqml.Circuits.OpenQasm;

/// <summary>Kinds of OpenQASM 2 tokens.</summary>
internal enum TokenKind
{
    Identifier,
    Integer,
    Real,
    String,
    Symbol,
    EndOfFile,
}

/// <summary>One token with its 1-based position.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Line, int Column)
{
    public bool Is(string symbol) => Kind == TokenKind.Symbol && Text == symbol;

    public bool IsKeyword(string word) => Kind == TokenKind.Identifier && Text == word;

    /// <summary>How the token reads in an error message.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfFile => "end of file",
        TokenKind.Identifier => $"'{Text}'",
        TokenKind.Integer or TokenKind.Real => $"number {Text}",
        TokenKind.String => $"string \"{Text}\"",
        _ => $"'{Text}'",
    };
}

/// <summary>
/// Splits OpenQASM 2 source into tokens: identifiers, integers, reals (with optional exponent), strings,
/// the symbols <c>; , [ ] ( ) { } + - * / ^ == -&gt;</c>; skips whitespace, <c>//</c> and <c>/* */</c> comments.
/// </summary>
internal static class QasmLexer
{
    public static List<Token> Tokenize(string source, string file)
    {
        var tokens = new List<Token>(Math.Max(16, source.Length / 3));
        int pos = 0, line = 1, lineStart = 0;
        int n = source.Length;
        while (true)
        {
            // Skip whitespace and comments.
            while (pos < n)
            {
                char c = source[pos];
                if (c == '\n')
                {
                    pos++;
                    line++;
                    lineStart = pos;
                }
                else if (char.IsWhiteSpace(c) || c == '\uFEFF')
                {
                    pos++;
                }
                else if (c == '/' && pos + 1 < n && source[pos + 1] == '/')
                {
                    while (pos < n && source[pos] != '\n')
                    {
                        pos++;
                    }
                }
                else if (c == '/' && pos + 1 < n && source[pos + 1] == '*')
                {
                    int startLine = line, startCol = pos - lineStart + 1;
                    pos += 2;
                    while (true)
                    {
                        if (pos >= n)
                        {
                            throw new QasmParseException(file, startLine, startCol, "unterminated '/*' comment: expected '*/' before end of file");
                        }

                        if (source[pos] == '*' && pos + 1 < n && source[pos + 1] == '/')
                        {
                            pos += 2;
                            break;
                        }

                        if (source[pos] == '\n')
                        {
                            line++;
                            lineStart = pos + 1;
                        }

                        pos++;
                    }
                }
                else
                {
                    break;
                }
            }

            int col = pos - lineStart + 1;
            if (pos >= n)
            {
                tokens.Add(new Token(TokenKind.EndOfFile, "", line, col));
                return tokens;
            }

            char ch = source[pos];
            int start = pos;
            if (char.IsAsciiLetter(ch) || ch == '_')
            {
                pos++;
                while (pos < n && (char.IsAsciiLetterOrDigit(source[pos]) || source[pos] == '_'))
                {
                    pos++;
                }

                tokens.Add(new Token(TokenKind.Identifier, source[start..pos], line, col));
            }
            else if (char.IsAsciiDigit(ch) || (ch == '.' && pos + 1 < n && char.IsAsciiDigit(source[pos + 1])))
            {
                bool real = false;
                while (pos < n && char.IsAsciiDigit(source[pos]))
                {
                    pos++;
                }

                if (pos < n && source[pos] == '.')
                {
                    real = true;
                    pos++;
                    while (pos < n && char.IsAsciiDigit(source[pos]))
                    {
                        pos++;
                    }
                }

                if (pos < n && (source[pos] == 'e' || source[pos] == 'E'))
                {
                    int save = pos;
                    pos++;
                    if (pos < n && (source[pos] == '+' || source[pos] == '-'))
                    {
                        pos++;
                    }

                    if (pos < n && char.IsAsciiDigit(source[pos]))
                    {
                        real = true;
                        while (pos < n && char.IsAsciiDigit(source[pos]))
                        {
                            pos++;
                        }
                    }
                    else
                    {
                        pos = save;
                    }
                }

                tokens.Add(new Token(real ? TokenKind.Real : TokenKind.Integer, source[start..pos], line, col));
            }
            else if (ch == '"')
            {
                pos++;
                while (pos < n && source[pos] != '"' && source[pos] != '\n')
                {
                    pos++;
                }

                if (pos >= n || source[pos] != '"')
                {
                    throw new QasmParseException(file, line, col, "unterminated string: expected '\"' before the end of the line");
                }

                tokens.Add(new Token(TokenKind.String, source[(start + 1)..pos], line, col));
                pos++;
            }
            else if (ch == '-' && pos + 1 < n && source[pos + 1] == '>')
            {
                pos += 2;
                tokens.Add(new Token(TokenKind.Symbol, "->", line, col));
            }
            else if (ch == '=' && pos + 1 < n && source[pos + 1] == '=')
            {
                pos += 2;
                tokens.Add(new Token(TokenKind.Symbol, "==", line, col));
            }
            else if (";,[](){}+-*/^".Contains(ch, StringComparison.Ordinal))
            {
                pos++;
                tokens.Add(new Token(TokenKind.Symbol, SymbolText(ch), line, col));
            }
            else
            {
                string shown = char.IsControl(ch) ? $"\\u{(int)ch:X4}" : ch.ToString();
                throw new QasmParseException(file, line, col, $"unexpected character '{shown}'");
            }
        }
    }

    // Interned one-character symbol strings (avoids an allocation per token).
    private static string SymbolText(char c) => c switch
    {
        ';' => ";",
        ',' => ",",
        '[' => "[",
        ']' => "]",
        '(' => "(",
        ')' => ")",
        '{' => "{",
        '}' => "}",
        '+' => "+",
        '-' => "-",
        '*' => "*",
        '/' => "/",
        _ => "^",
    };
}
