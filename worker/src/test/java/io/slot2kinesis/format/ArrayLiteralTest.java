package io.slot2kinesis.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrayLiteralTest {

    @Test
    void parsesUnquotedElements() {
        assertThat(ArrayLiteral.parse("{1,2,3}")).containsExactly("1", "2", "3");
    }

    @Test
    void parsesAnEmptyArray() {
        assertThat(ArrayLiteral.parse("{}")).isEmpty();
    }

    @Test
    void unquotedNullIsNullButQuotedNullIsAString() {
        assertThat(ArrayLiteral.parse("{1,NULL,null,\"NULL\"}")).containsExactly("1", null, null, "NULL");
    }

    @Test
    void quotedElementsKeepSpacesCommasAndBraces() {
        assertThat(ArrayLiteral.parse("{\"a b\",\"c,d\",\"{e}\",\"\"}")).containsExactly("a b", "c,d", "{e}", "");
    }

    @Test
    void backslashEscapesQuotesAndBackslashes() {
        assertThat(ArrayLiteral.parse("{\"say \\\"hi\\\"\",\"back\\\\slash\",un\\,quoted}"))
                .containsExactly("say \"hi\"", "back\\slash", "un,quoted");
    }

    @Test
    void parsesNestedArraysAsNestedLists() {
        assertThat(ArrayLiteral.parse("{{1,2},{3,NULL}}"))
                .containsExactly(List.of("1", "2"), Arrays.asList("3", null));
    }

    @Test
    void skipsBoundsDecoration() {
        assertThat(ArrayLiteral.parse("[0:1]={7,8}")).containsExactly("7", "8");
    }

    @Test
    void ignoresSpaceAroundUnquotedElements() {
        assertThat(ArrayLiteral.parse("{ 1 , 2 }")).containsExactly("1", "2");
    }

    @Test
    void rejectsMalformedLiteralsNamingThem() {
        assertThatThrownBy(() -> ArrayLiteral.parse("{1,2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed array literal '{1,2'");
        assertThatThrownBy(() -> ArrayLiteral.parse("{1}x"))
                .hasMessage("malformed array literal '{1}x': text after the closing brace");
    }
}
