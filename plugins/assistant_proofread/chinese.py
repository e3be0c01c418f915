"""Chinese checkers: characters that sound or look alike, 的/地/得, half-width punctuation, spacing.

Words and their frequencies come from jieba's dictionary (in its wheel). A character is marked when it
forms no word with its neighbours while a confusable character forms a word there, that word's characters
are not taken by a likelier word beside it and the text with it is much likelier (竟赛 → 竞赛; 在见面 and
在做什么 stay); when the word it forms is a rare misspelling jieba met of a much commoner word (烦燥 → 烦躁)
or four characters one sound off an idiom (迫不急待 → 迫不及待); or when its neighbours show a common word
misused (有是够的时间 → 足够, 做飞机 → 坐飞机, 以后在讨论 → 再).
"""

from __future__ import annotations

import importlib.util
import json
import math
import os
import re
import threading
import unicodedata
from dataclasses import dataclass
from importlib import resources

from assistant import HAN_CHARS, Diagnostic

# The checkers' patterns below are strings, compiled when a Chinese text is first checked by re's own
# cache: their ranges of Chinese characters take 15 ms to compile, which every start would pay.

# Characters often typed for one another (same or similar sound, similar shape). Each group is a set of
# alternatives for each of its members.
GROUPS = """
在再 做作坐座 已以 像象相 那哪 即既 须需 副幅付 辨辩辫瓣 挡档 账帐 竟竞境镜 历厉励 采彩睬踩 候侯 拨拔
己已 未末 梁粱 燥躁噪澡 练炼 截载裁 蓝篮 防妨访仿纺坊 清请情晴睛 驱躯 慕幕墓暮募 峰锋蜂烽 抱饱泡跑炮袍
带戴 度渡 反返 份分 形型 权全 制致治 坚艰 急极级 切窃 静净 惊警敬 洁结节 题提 橡象 尝常偿 辛幸 籍藉
暴爆曝 贷货 捡检俭剑 恢灰 泄泻 凉谅晾 缘源原圆园 显现 谈淡 陷馅 购构 状壮装 漫慢曼 眯咪 至致 疲皮 朗郎廊
杨扬阳洋 决绝 莫漠模摸膜 峻竣俊 诊珍 贯惯 劳捞 拆折 铸筑 蜜密 唯惟维 复覆 代待带 末未 侯候 辟避譬僻
秘密 哄烘 渲喧宣 既即 题堤 吸汲 筒桶 竭揭渴喝 拨泼 驻住注柱 栏拦兰 浇饶绕烧 锻段 蔽弊 拆析 杆杠 狼浪
跟根 按案 赔陪培 暑署 侍待持 汇会 彻澈撤 型形 遍编偏篇 附付 份粉 申伸绅 茫忙芒 贴帖 蓬篷 箱厢 戒械诫
缓暖 输俞愉偷 迷谜 棵颗课 挤济 旋漩璇 辆俩 喻谕 概慨溉 蹈滔稻 栗粟 弛驰 脆跪 掠谅 溶熔融容 膛堂 湛谌
必毕 剔惕 祥详 蛰蜇 湎缅 暄喧 溯朔 帧祯 辐幅 镇阵 犷旷 撼憾 迭叠 俱具 胫径 轮仑 鹊雀 拜败 睫捷 墨默 倍陪 咎究 果裹
己巳 未末 土士 干千于 木本术 王玉主 白百 刀力 申甲由田 今令 问间 折析 办为 免兔 待侍持特 微徽 鸟乌
盲肓 汗汁 刺剌 冶治 茶荼 崇祟 徒徙 贫贪 壁璧 赢嬴 卷券 祝视 礼札 休体 住往 喝渴 肠汤场 历厉 拣练
""".split()
CONFUSABLE: dict[str, str] = {}
for _group in GROUPS:
    for _ch in _group:
        CONFUSABLE[_ch] = "".join(dict.fromkeys(CONFUSABLE.get(_ch, "") + _group.replace(_ch, "")))
MIN_FREQUENCY = 3  # a confusable word where the character forms none must be one jieba has seen this often
COMMON = 300  # characters seen this often by jieba are candidates for a sound-alike one
SUSPECT = 100  # a character whose likeliest word is rarer than this is examined
GAIN = math.log(600)  # the text with the other character must be this much likelier (clean prose: at most 330)
GAIN_ALONE = math.log(300)  # ... where it forms no word with its neighbours (alone, 做 and 已 are words)
GAIN_OVER_A_WORD = math.log(5000)  # ... where the character forms a word, however rare (每隔: 3 in jieba's list)
# A rare word (jieba lists misspellings it met) one look-alike character off a word this many times commoner,
# and common, is that word misspelt: 烦燥 (23) → 烦躁 (418), 部份 (28) → 部分; not 整型 (3) → 整形 (187).
RARE, VARIANT, VARIANT_MIN = 50, 15, 300
IDIOM, IDIOM_MIN = 10, 20  # the same for four characters, one sounding alike: 迫不急待 (3) → 迫不及待 (303)
BLANK = "\0"


@dataclass
class Lexicon:
    words: dict[str, int]  # every word of 1 to 4 characters, with its frequency
    tags: dict[str, str]  # parts of speech of the verbs, adjectives and adverbs
    names: set[str]  # names of people, places and organisations (清政府), never a look-alike's word
    sounds: dict[str, str]  # common characters that sound alike (same syllable, any tone), by character
    log_total: float
    syllables: dict[str, str]  # the usual syllable of every character jieba lists alone
    # Four-character words (idioms, which keep rare characters: 变本加厉) with one character left out as BLANK:
    # the characters that complete them
    frames: dict[str, str]


_lexicon: Lexicon | None = None
_lock = threading.Lock()
_TAGS = {"v", "a", "ad", "d", "z"}
_NAMES = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
FUNCTION_WORD = 100_000  # a character seen this often alone (在, 以) is left to the likelihood test


def lexicon() -> Lexicon:
    """jieba's dictionary and pypinyin's syllables, read once (0.6 s, 40 MB) from their files: jieba's own
    segmenter and pypinyin's phrases would add 200 MB."""
    global _lexicon
    with _lock:
        if _lexicon is None:
            words: dict[str, int] = {}
            tags: dict[str, str] = {}
            names: set[str] = set()
            with resources.files("jieba").joinpath("dict.txt").open(encoding="utf-8") as file:
                for line in file:
                    word, frequency, tag = line.split()
                    if len(word) <= 4:
                        words[word] = int(frequency)
                        if tag in _TAGS:
                            tags[word] = tag
                        elif tag in _NAMES and len(word) > 2:
                            names.add(word)
            _lexicon = Lexicon(words, tags, names, *_sound_alikes(words), _frames(words))
    return _lexicon


def _sound_alikes(words: dict[str, int]) -> tuple[dict[str, str], float, dict[str, str]]:
    """Common sound-alikes by character, and where Lexicon wants it, every listed character's syllable."""
    folder = importlib.util.find_spec("pypinyin").submodule_search_locations[0]  # not imported: 55 MB of phrases
    with open(os.path.join(folder, "pinyin_dict.json"), encoding="utf-8") as file:
        readings = json.load(file)
    syllables = {chr(int(code)): _toneless(reading.split(",")[0])  # its usual reading: rare ones (还 fú) mislead
                 for code, reading in readings.items() if chr(int(code)) in words}  # fmt: skip
    common: dict[str, str] = {}
    for ch, syllable in syllables.items():
        if words[ch] >= COMMON:
            common[syllable] = common.get(syllable, "") + ch
    sounds = {ch: common[s].replace(ch, "") for ch, s in syllables.items() if words[ch] >= COMMON}
    return sounds, math.log(sum(words.values())), syllables


def _frames(words: dict[str, int]) -> dict[str, str]:
    frames: dict[str, str] = {}
    for word, frequency in words.items():
        if len(word) == 4 and frequency >= IDIOM_MIN:
            for i in range(4):
                key = word[:i] + BLANK + word[i + 1 :]
                frames[key] = frames.get(key, "") + word[i]
    return frames


def _toneless(syllable: str) -> str:
    return unicodedata.normalize("NFKD", syllable).encode("ascii", "ignore").decode().replace("u:", "v")


def _best_word(text: str, at: int, ch: str, words: dict[str, int]) -> tuple[int, int, int]:
    """(frequency, start, end) of the likeliest word of 2 to 4 characters covering `at` with `ch` there."""
    best = (0, at, at + 1)
    for size in (2, 3, 4):
        for begin in range(max(0, at - size + 1), at + 1):
            end = begin + size
            if end > len(text):
                break
            word = text[begin:at] + ch + text[at + 1 : end]
            frequency = words.get(word, 0)
            if frequency > best[0]:
                best = (frequency, begin, end)
    return best


def _taken(text: str, begin: int, end: int, at: int, frequency: int, words: dict[str, int]) -> bool:
    """Whether another character of text[begin:end] belongs to a likelier word reaching outside it."""
    for j in range(begin, end):
        if j == at:
            continue
        for size in (2, 3, 4):
            for start in range(max(0, j - size + 1), j + 1):
                stop = start + size
                if stop > len(text) or start <= at < stop or (begin <= start and stop <= end):
                    continue
                if words.get(text[start:stop], 0) > frequency:
                    return True
    return False


def _likelihood(text: str, lex: Lexicon) -> float:
    """Log-probability of the likeliest split of `text` into words (jieba's unigram model)."""
    return _split(text, lex)[0]


def _split(text: str, lex: Lexicon) -> tuple[float, set[tuple[int, int]]]:
    """The likeliest split of `text` into words (jieba's unigram model): its log-probability and its words'
    (start, end)."""
    best = [0.0] + [-math.inf] * len(text)
    back = [0] * (len(text) + 1)
    for end in range(1, len(text) + 1):
        for size in range(1, min(4, end) + 1):
            frequency = lex.words.get(text[end - size : end], 1 if size == 1 else 0)
            if frequency and best[end - size] + math.log(frequency) - lex.log_total > best[end]:
                best[end], back[end] = best[end - size] + math.log(frequency) - lex.log_total, end - size
    spans, end = set(), len(text)
    while end:
        spans.add((back[end], end))
        end = back[end]
    return best[-1], spans


def characters(piece):
    lex = lexicon()
    for run in re.finditer(f"[{HAN_CHARS}]{{2,}}", piece.text):
        text, offset = run.group(0), run.start()
        fixed = dict(_misused(text, lex, piece.text[run.end() : run.end() + 1] in _CLAUSE_ENDS))
        for at, ch in enumerate(text):
            found = fixed.get(at) or _confusion(text, at, ch, lex)
            if found:
                other, word = found
                yield Diagnostic(offset + at, offset + at + 1, "“{char}” may be “{other}” ({word})", (other,),
                                 "zh-characters", "warning", {"char": ch, "other": other, "word": word})  # fmt: skip


# Common words misused, told by their neighbours. 做 for 坐 before what one rides in and where to (做飞机去;
# 做飞机模型, 做汽车配件 and 是做汽车的 stay):
_RIDDEN = "做((?:飞机|火车|汽车|轮船|船|地铁|公交车|公交|出租车|高铁|电梯|缆车|车))(?=[去回来到上下出进离前过赶走])"
# 在 for 再 between a time to come and a verb that ends the clause (以后在讨论; 以后在北京工作 stays):
_LATER = f"(?:以后|然后|下次|改天|回头|待会儿|等会儿|将来)(在)([{HAN_CHARS}]{{1,2}}?)(?:吧|了|一下|一次)?$"
# 是够 for 足够 where 够 cannot be the predicate after 是: after a verb of having (有是够的时间), before 的 and a
# noun (是够的耐心), or before someone and what the amount is for (钱是够我们用; 真是够我受的 and the 是…的 of
# 钱是够我们用的 stay).
_HAVING = ("没有", "拥有", "具有", "具备", "留有", "留出", "提供", "给予", "获得", "得到", "需要", "缺乏", "缺少",
           "投入", "花费", "准备", "保证", "储备", "预留", "有着", "有")  # fmt: skip
_FOR_SOMEONE = "(?:我们|你们|他们|咱们|大家|我|你|他|她)(?:用|花|吃|喝|住|生活|维持|支撑|坚持)"
_ADVERBS = "真可也还倒确实都就才算总"  # 真是够…, 还是够…: 是 belongs to the adverb, 够 is the predicate
_NOT_NOUNS = {"时候", "话"}
_CLAUSE_ENDS = {"", "\n", "\r", *"，。！？；：、…,.!?;:"}


def _misused(text: str, lex: Lexicon, closed: bool):
    """(offset, (character meant, its word)) of characters whose neighbours show the misuse of a common word,
    in a run of Chinese characters; `closed`: whether the run ends its clause (not 说明符和 before a "+")."""
    for match in re.finditer(_RIDDEN, text):
        yield match.start(), ("坐", "坐" + match.group(1))
    # 和 ends no clause but in a word (暖和): 配和 → 配合
    if closed and text.endswith("和") and text[-2:] not in lex.words and lex.words.get(text[-2] + "合", 0) >= SUSPECT:
        yield len(text) - 1, ("合", text[-2] + "合")
    later = re.search(_LATER, text) if closed else None
    if later and lex.tags.get(later.group(2)) == "v":
        yield later.start(1), ("再", "再" + later.group(2))
    for match in re.finditer("是够", text):
        at, rest = match.start(), text[match.end() :]
        after = _word_after(text, match.end() + 1, lex)[0] if rest[:1] == "的" else ""
        a_noun = len(after) >= 2 and after not in _NOT_NOUNS and after not in lex.tags
        for_someone = (text[at - 1 : at] not in _ADVERBS and re.match(_FOR_SOMEONE, rest)
                       and not rest.endswith("的"))
        if text[:at].endswith(_HAVING) or a_noun or for_someone:
            yield at, ("足", "足够")


def _near_word(text: str, at: int, ch: str, lex: Lexicon) -> tuple[str, str] | None:
    """The character meant at `at`, and its word, where the word there is a misspelling of a much commoner one:
    jieba lists misspellings it met (烦燥 23 times, 烦躁 418), and a span of four characters is seldom one
    sound-alike character off a four-character word (an idiom) by chance (迫不急待 → 迫不及待)."""
    words = lex.words
    best = None
    for begin in range(max(0, at - 3), min(at, len(text) - 4) + 1):
        span = text[begin : begin + 4]
        here = words.get(span, 0)
        for other in lex.frames.get(text[begin:at] + BLANK + text[at + 1 : begin + 4], ""):
            word = text[begin:at] + other + text[at + 1 : begin + 4]
            alike = lex.syllables.get(other, "?") == lex.syllables.get(ch) or other in CONFUSABLE.get(ch, "")
            if alike and other != ch and word not in lex.names and words[word] >= IDIOM * here:
                if best is None or words[word] > best[0]:
                    best = (words[word], other, word)
    if best:
        return best[1:]
    tokens = None
    for size in (2, 3):
        for begin in range(max(0, at - size + 1), min(at, len(text) - size) + 1):
            end = begin + size
            here = words.get(text[begin:end], 0)
            if not 0 < here <= RARE:
                continue
            for other in CONFUSABLE.get(ch, ""):
                word = text[begin:at] + other + text[at + 1 : end]
                frequency = words.get(word, 0)
                if word in lex.names or frequency < max(VARIANT * here, VARIANT_MIN):
                    continue
                # one of the text's words, or in a rare one (很精采), not 份内 in 这部份内容
                tokens = tokens if tokens is not None else _split(text, lex)[1]
                if not any(s <= begin and end <= e and (e - s == size or words.get(text[s:e], 0) <= RARE)
                           for s, e in tokens):  # fmt: skip
                    continue
                if best is None or (size, frequency) > best[0]:
                    best = ((size, frequency), other, word)
    return best[1:] if best else None


def _confusion(text: str, at: int, ch: str, lex: Lexicon) -> tuple[str, str] | None:
    """The character meant at `at`, and the word it makes, when the evidence supports one."""
    words = lex.words
    near = _near_word(text, at, ch, lex)
    if near:
        return near
    cover = _best_word(text, at, ch, words)[0]
    if cover >= SUSPECT:
        return None
    choices = []  # it forms no word, where a character that looks alike does
    if not cover and ch in CONFUSABLE and words.get(ch, 0) < FUNCTION_WORD:
        for other in CONFUSABLE[ch]:
            frequency, begin, end = _best_word(text, at, other, words)
            word = text[begin:at] + other + text[at + 1 : end]
            if frequency >= MIN_FREQUENCY and word not in lex.names and not _taken(text, begin, end, at, frequency,
                                                                                       words):  # fmt: skip
                choices.append((frequency, other, word))
    lo, hi = max(0, at - 4), min(len(text), at + 5)
    if choices:  # the longest word, then the commonest: 坐飞机 (3 in jieba) says more than 经作 (4)
        _, other, word = max(choices, key=lambda c: (len(c[2]), c[0]))
        # ... when the text with it is likelier: 在做什么 (a word on its own: 做) is no 在座
        if (_likelihood(text[lo:at] + other + text[at + 1 : hi], lex) - _likelihood(text[lo:hi], lex) > GAIN_ALONE
                and not _placed(text, at, word)):  # fmt: skip
            return other, word
    here = None
    best = (GAIN if not cover else GAIN_OVER_A_WORD, "", "")
    for other in lex.sounds.get(ch, "") + CONFUSABLE.get(ch, ""):
        frequency, begin, end = _best_word(text, at, other, words)
        if frequency < SUSPECT or frequency < 10 * cover:
            continue
        if here is None:
            here = _likelihood(text[lo:hi], lex)
        gain = _likelihood(text[lo:at] + other + text[at + 1 : hi], lex) - here
        if gain > best[0]:
            best = (gain, other, text[begin:at] + other + text[at + 1 : end])
    return best[1:] if best[1] and not _placed(text, at, best[2]) else None


def _placed(text: str, at: int, word: str) -> bool:
    """Whether the character at `at` comes before a word of place that makes a word with any noun, and `word`
    is as rare as such a word: 窗边 is no 床边 (300 in jieba) for want of a listed word; 已后 is 以后 (40,000)."""
    lex = lexicon()
    return (text[at + 1 : at + 2] in _PLACES and lex.words.get(word, 0) < PLACED
            and (at + 2 == len(text) or text[at + 1 : at + 3] not in lex.words))  # fmt: skip


_PLACES = set("边上下里外前后中内旁侧")
PLACED = 5000


_DEGREE = "很|非常|太|十分|特别|真|挺|相当|更|越来越|格外|极其|更加|比较"
_AFTER_DE = f"的({_DEGREE})([{HAN_CHARS}]{{1,2}}?)(?=[了啊呀呢]?(?:[，。！？；、,.!?;…]|$))"
_REDUPLICATED = r"(.)\1(.)\2$|(.)(.)\4$|(.)\5$"


def _word_before(text: str, at: int, tags: dict[str, str]) -> tuple[str, str]:
    """The longest tagged word ending just before `at`, with its tag ('' when none)."""
    for size in (4, 3, 2, 1):
        word = text[max(0, at - size) : at]
        if len(word) == size and word in tags:
            return word, tags[word]
    return "", ""


def _word_after(text: str, at: int, lex: Lexicon) -> tuple[str, str]:
    """The longest word starting at `at` (摄像头, not 摄像), with its tag ('' for one not tagged)."""
    for size in (4, 3, 2, 1):
        word = text[at : at + size]
        if len(word) == size and (word in lex.words or word in lex.tags):
            return word, lex.tags.get(word, "")
    return "", ""


def de_di_de(piece):
    """的 where 得 belongs (跑的很快 → 跑得很快), and where 地 belongs (认真的学习 → 认真地学习)."""
    text = piece.text
    lex = lexicon()
    tags = lex.tags
    for match in re.finditer("的", text):
        at = match.start()
        before, tag = _word_before(text, at, tags)
        if not before:
            continue
        degree = re.compile(_AFTER_DE).match(text, at)  # (re.match takes no position)
        if tag == "v" and degree and tags.get(degree.group(2)) in ("a", "ad", "z"):
            yield Diagnostic(at, at + 1, "“得” before a complement: {fixed}", ("得",), "de-di-de", "warning",
                             {"fixed": f"{before}得{degree.group(1)}{degree.group(2)}"})  # fmt: skip
            continue
        after, after_tag = _word_after(text, at + 1, lex)
        manner = (tag in ("ad", "z") or tag == "d" and len(before) > 1
                  or bool(re.search(_REDUPLICATED, before[-4:])))
        if manner and len(before) > 1 and after_tag == "v" and len(after) == 2:
            yield Diagnostic(at, at + 1, "“地” after an adverbial before a verb: {fixed}", ("地",), "de-di-de",
                             "warning", {"fixed": f"{before}地{after}"})  # fmt: skip


_HALF_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", ".": "。"}
_PUNCTUATION = (f"(?<=[{HAN_CHARS}])([,;:?!])[ \\t]*(?=[{HAN_CHARS}“‘《（「『])"  # 他说:“好” too
                f"|(?<=[{HAN_CHARS}])([,;:?!.])[ \\t]*$")


def punctuation(piece):
    """Half-width punctuation between Chinese characters: ， where , was typed."""
    for match in re.finditer(_PUNCTUATION, piece.text):
        mark = match.group(1) or match.group(2)
        full = _HALF_WIDTH[mark]
        yield Diagnostic(match.start(), match.end(), "Full-width “{mark}” in Chinese text", (full,), "zh-punctuation",
                         "warning", {"mark": full})  # fmt: skip


_SPACING = f"(?<=[{HAN_CHARS}])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[{HAN_CHARS}])"


def spacing(piece):
    """A space between Chinese and Latin letters or digits (a style some writers follow)."""
    text = piece.text
    for match in re.finditer(_SPACING, text):
        at = match.start()
        pair = text[at - 1 : at + 1]
        yield Diagnostic(at - 1, at + 1, "A space between Chinese and Latin text", (f"{pair[0]} {pair[1]}",),
                         "zh-latin-spacing", "style")  # fmt: skip
