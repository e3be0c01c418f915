"""The checkers' messages in Chinese, keyed by their English forms (the interface shows each in its language;
the checkers' titles and descriptions are in the app's catalog)."""

TRANSLATIONS = {
    "zh": {
        "Unknown word: {word}": "未知单词：{word}",
        "Use “{article}” before “{word}”": "“{word}”前应使用“{article}”",
        "Two articles: “{first} {second}”": "冠词重复：“{first} {second}”",
        "“{word}” twice": "“{word}”重复了",
        "“{mark}” closes nothing": "“{mark}”前面没有与之配对的符号",
        "“{mark}” is never closed (“{closer}”)": "“{mark}”没有闭合（缺少“{closer}”）",
        "A quotation mark \" without its pair": "引号 \" 没有配对",
        "“{char}” may be “{other}” ({word})": "“{char}”可能是“{other}”（{word}）",
        "“得” before a complement: {fixed}": "补语前用“得”：{fixed}",
        "“地” after an adverbial before a verb: {fixed}": "动词前的状语用“地”：{fixed}",
        "Full-width “{mark}” in Chinese text": "中文里用全角标点“{mark}”",
        "A space between Chinese and Latin text": "中英文之间加空格",
    }
}
