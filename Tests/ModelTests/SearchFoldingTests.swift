import Model
import Testing

@Suite struct SearchFoldingTests {
    @Test func latinLettersFoldToTheirPlainForm() {
        #expect(SearchText.fold("Tromsø") == "tromso")
        #expect(SearchText.fold("TROMSØ") == "tromso")
        #expect(SearchText.fold("Straße") == "strasse")
        #expect(SearchText.fold("Łódź") == "lodz")
        #expect(SearchText.fold("Élève Ñandú Garçon") == "eleve nandu garcon")
        #expect(SearchText.fold("Æsir Œuvre Đakovo Ðe Þing ıi ẞ") == "aesir oeuvre dakovo de thing ii ss")
        #expect(SearchText.fold("ﬁnance Ｆｕｌｌ ① ½") == "finance full 1 1 2")
    }

    @Test func decomposedAndPrecomposedInputFoldAlike() {
        #expect(SearchText.fold("Cafe\u{301} e\u{300}") == SearchText.fold("Café è"))
        #expect(SearchText.fold("Cafe\u{301}") == "cafe")
        #expect(SearchText.fold("Мои\u{306} е\u{308}") == SearchText.fold("Мой ё"))
        #expect(SearchText.fold("サイハ\u{3099}ー") == SearchText.fold("サイバー"))
    }

    @Test func russianFoldsYoButKeepsShortI() {
        #expect(SearchText.fold("Ёлка ЁЖ") == "елка еж")
        #expect(SearchText.fold("Мой МОИ Й") == "мой мои й")
        #expect(SearchText.fold("Информационная безопасность") == "информационная безопасность")
    }

    @Test func arabicHarakatHamzaAndAlefVariantsFold() {
        let voweled = SearchText.fold("الأَمْنُ السِّيبْرَانِيُّ")
        #expect(voweled == "الامن السيبراني")
        #expect(SearchText.fold("الامن السيبراني") == voweled)
        #expect(SearchText.fold("الإمن السيبرانى") == voweled)
        #expect(SearchText.fold("الآمن السيبرانـــي") == voweled)
        #expect(SearchText.fold("ٱلأمن") == "الامن")
        #expect(SearchText.fold("مسؤولية") == "مسووليه")
        #expect(SearchText.fold("هيئة المتحدة") == "هييه المتحده")
        #expect(SearchText.fold("فارسی کشور") == "فارسي كشور")
        #expect(SearchText.fold("القرار ٧٠/٢٣٧") == "القرار 70 237")
        #expect(SearchText.fold("۱۲۳") == "123")
        #expect(SearchText.fold("أمن، تعاون؛ لماذا؟") == "امن تعاون لماذا")
    }

    @Test func hanRunsBecomeOverlappingBigrams() {
        #expect(SearchText.fold("一二三") == "一二 二三")
        #expect(SearchText.fold("网") == "网")
        #expect(SearchText.fold("网络安全问题") == "网络 络安 安全 全问 问题")
        #expect(SearchText.fold("ICT安全，网络") == "ict 安全 网络")
        let document = SearchText.tokens("各国关注网络安全问题。")
        #expect(containsSequence(document, SearchText.tokens("安全")))
        #expect(containsSequence(document, SearchText.tokens("网络安全")))
        #expect(!containsSequence(document, SearchText.tokens("安问")))
    }

    @Test func kanaIsBigrammedWithHan() {
        #expect(SearchText.fold("サイバー") == "サイ イバ バー")
        // Half-width kana decompose, and the separate voicing mark is dropped like any other mark.
        #expect(SearchText.fold("ｻｲﾊﾞｰ") == "サイ イハ ハー")
    }

    @Test func punctuationAndHyphensSeparateTokens() {
        #expect(SearchText.fold("Confidence-building measures") == "confidence building measures")
        #expect(SearchText.fold("A/RES/70/237") == "a res 70 237")
        #expect(SearchText.fold("l’information, d'État!") == "l information d etat")
        #expect(SearchText.tokens("  \n\t ... --- ") == [])
        #expect(SearchText.fold("co\u{AD}operation") == "cooperation")
    }

    @Test func foldingIsIdempotent() {
        for text in ["Tromsø Straße", "الأَمْنُ السِّيبْرَانِيُّ", "网络安全问题", "Ёлка й", "A/RES/70/237 ½"] {
            let once = SearchText.fold(text)
            #expect(SearchText.fold(once) == once)
        }
    }

    @Test func tokensPointBackAtTheOriginalText() {
        let text = "Le sommet de Tromsø, «网络安全»"
        let tokens = SearchText.tokenize(text)
        #expect(tokens.map(\.folded) == ["le", "sommet", "de", "tromso", "网络", "络安", "安全"])
        #expect(tokens.map { String(text[$0.range]) } == ["Le", "sommet", "de", "Tromsø", "网络", "络安", "安全"])

        let decomposed = "Cafe\u{301} noir"
        #expect(String(decomposed[SearchText.tokenize(decomposed)[0].range]) == "Cafe\u{301}")

        let lines = "one\r\ntwo\u{2028}½"
        #expect(SearchText.tokenize(lines).map { String(lines[$0.range]) } == ["one", "two", "½", "½"])
    }
}
