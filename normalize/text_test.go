package normalize

import "testing"

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"<p>2023年为全县450名城镇公益性岗位缴纳工伤保险</p>", "2023年为全县450名城镇公益性岗位缴纳工伤保险"},
		{"<p>甲</p><p>乙&nbsp;丙</p>", "甲乙丙"},
		{"A&amp;B 公司", "A&B公司"},
		{"成本 &lt; 预算", "成本<预算"},
		{"预算编制准确率（计算方法为： （执行数-预算数） /预算数）", "预算编制准确率（计算方法为：（执行数-预算数）/预算数）"},
		{"“三公经费”控制率[计算方法为：（三公经费实际支出数/预算安排数）×100%]", "“三公经费”控制率[计算方法为：（三公经费实际支出数/预算安排数）×100%]"},
		{"  就 业  创 业 ", "就业创业"},
		{"Microsoft Word 2010", "Microsoft Word 2010"},
		{"V3.0 系统", "V3.0系统"},
		{"１２３４．５６", "1234．56"},
		{"ＰＤＦ文件", "PDF文件"},
		{"\u2F08\u2F2F", "人工"},                // Kangxi radicals 人 工
		{"\uF900", "豈"},                       // CJK compatibility ideograph
		{"⻔诊", "门诊"},                          // simplified radical
		{"甲\u3000乙\u00a0丙", "甲乙丙"},            // ideographic space, NBSP
		{"≥ 13459.00(平方米)", "≥13459.00(平方米)"}, // symbols are not Latin words
		{"x<5", "x<5"},                        // not a tag
	}
	for _, tt := range tests {
		got := cleanText(tt.in)
		if got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := cleanText(got); again != got {
			t.Errorf("cleanText is not idempotent on %q: %q", got, again)
		}
	}
}

func TestJoinLines(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{[]string{"实施就业创业培训、就业困难认定、", "社保补贴"}, "实施就业创业培训、就业困难认定、社保补贴"},
		{[]string{"Microsoft", "Word"}, "Microsoft Word"},
		{[]string{"11000022T0000004", "44194-法律援助办案补贴"}, "11000022T0000004 44194-法律援助办案补贴"},
		{[]string{"绩", "效", "指", "标"}, "绩效指标"},
		{[]string{"", "  甲 ", ""}, "甲"},
	}
	for _, tt := range tests {
		if got := joinLines(tt.in); got != tt.want {
			t.Errorf("joinLines(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
