"""The built-in checkers, each on what it should mark and what it must leave alone."""

from __future__ import annotations

import pytest

from assistant.core.proofread import PersonalDictionary, Proofreader, enabled
from assistant.plugins import PluginHost


@pytest.fixture(scope="module")
def checkers():
    return PluginHost(builtins=("assistant_proofread",), entry_points=False).checkers()


@pytest.fixture
def check(checkers, tmp_path):
    proofreader = Proofreader(enabled(checkers, {"zh-latin-spacing": True}), PersonalDictionary(tmp_path / "w.txt"))

    def marks(text):
        return [(text[d.start : d.end], d.rule, d.suggestions[:1]) for d in proofreader.check(text)]

    return marks


def test_the_built_in_checkers_and_their_defaults(checkers):
    assert set(checkers) == {"spelling", "a-an", "repeated-word", "brackets", "zh-punctuation", "zh-characters",
                             "de-di-de", "zh-latin-spacing"}  # fmt: skip
    assert [c.name for c in checkers.values() if not c.default] == ["zh-latin-spacing"]


@pytest.mark.parametrize("text, expected", [
    ("I recieve letters.", [("recieve", "spelling", ("receive",))]),
    ("Teh end.", [("Teh", "spelling", ("The",))]),
    # An apostrophe the word list happens to hold (th's) is no contraction: 'this' is near, and common.
    ("Ths is a sentense.", [("Ths", "spelling", ("The",)), ("sentense", "spelling", ("sentence",))]),
    ("It came. Recieve it well.", [("Recieve", "spelling", ("Receive",))]),
    ("We had alot of fun.", [("alot", "spelling", ("a lot",))]),
    ("Wait untill the carefull cook is done, whereever she goes.",
     [("untill", "spelling", ("until",)), ("carefull", "spelling", ("careful",)),
      ("whereever", "spelling", ("wherever",))]),
    # A contraction without its apostrophe: 'youre' is no British spelling of 'yore'; the apostrophe first.
    ("I know youre busy and theyre late.", [("youre", "spelling", ("you're",)), ("theyre", "spelling", ("they're",))]),
    ("It wasnt mine, thats all.", [("wasnt", "spelling", ("wasn't",)), ("thats", "spelling", ("that's",))]),
    # Markdown's markers are not code: the word after a heading's #, a list's -, or inside ** is checked.
    ("# Definately a guide\n\n- Recieve the **definately** bold text\n> A quoet.",
     [("Definately", "spelling", ("Definitely",)), ("Recieve", "spelling", ("Receive",)),
      ("definately", "spelling", ("definitely",)), ("quoet", "spelling", ("quiet",))]),
    ("It is on the the table.", [(" the", "repeated-word", ("",))]),
    ("She ate a apple and an pear.", [("a", "a-an", ("an",)), ("an", "a-an", ("a",))]),
    ("An hour, a user, a European, an honest man, a one-off.", []),
    # Two articles: the fix removes one, not 'an an'.
    ("It was a an odd day, an the end came.", [("a ", "a-an", ("",)), ("an ", "a-an", ("",))]),
    ("Plan A is fine.", []),
    ("It rained (all day.", [("(", "brackets", ())]),
    ("Steps: 1) open 2) close :) and “quoted” text, the writer’s pen.", []),
    ("It yields events (token, progress, error); the front end (the app): shows them.", []),
    ("See [the guide](#a-guide) and `Prompt(user,\nsystem=\"\")` (a chat). Errors (\"exit code 18\").", []),
    ("It fails (the CLI exits with 2) at once.", []),
    ("It fails (the CLI exits with 2 at once.", [("(", "brackets", ())]),
])  # fmt: skip
def test_english(check, text, expected):
    assert check(text) == expected


@pytest.mark.parametrize("text", [
    # A quotation over paragraphs: each opens with a quote, only the last closes it.
    "“I never meant to stay,” she said. “The town was a stop.\n\n“But then the river froze.”",
    '"It was late.\n\n"We left at once," he said.',
    "The harbour's colour was grey; we organised a programme in the centre and travelled home.",
    "Call `fooo_bar()` or see https://exmaple.com/pathh and write to someone@exmaple.org today.",
    "Margaret Ellison met Ellison's friend Qwertz, and Qwertz waved.",
    "Zhang Xiaoming moved to Shenzhen. Priya Okafor stayed. Liu wrote. Okafor laughed.",
    "NASA and the iPhone were mentioned by O'Brien.",
    "# Heading\n\n- a list item with **bold** and _emphasis_ text",
    "My smartphone's livestream app took a screenshot; the untrusted dataset broke our workflow.",
    "She texted me, then livestreamed it and blogged about crowdsourced upvotes.",
    "The aluminium cheque was sceptical of the mould on my pyjamas.",
    "The writers’ room opened at seven o’clock. James’s friends didn’t say they’d won; the ’90s were fun, "
    "rock’n’roll etc. We’ve learnt a lot, haven’t we? She’s a co-author of a well-known, up-to-date guide.",
])  # fmt: skip
def test_english_left_alone(check, text):
    assert check(text) == []


@pytest.mark.parametrize("text, expected", [
    ("他以经走了。", [("以", "zh-characters", ("已",))]),
    ("我们做飞机去北京。", [("做", "zh-characters", ("坐",))]),
    # Two mistakes side by side: 做 is 坐 of 坐飞机, not 作 of the rare 经作 the other mistake leaves free.
    ("我们以经做飞机走了。", [("以", "zh-characters", ("已",)), ("做", "zh-characters", ("坐",))]),
    ("他跑的很快。", [("的", "de-di-de", ("得",))]),
    ("同学们认真的学习。", [("的", "de-di-de", ("地",))]),
    ("我们的的目标很清楚。", [("的", "repeated-word", ("",))]),
    ("天气很好,我们去散步吧。", [(",", "zh-punctuation", ("，",))]),
    ("他大声说:“我们走吧。”", [(":", "zh-punctuation", ("：",))]),
    ("他读了《红楼梦，很喜欢。", [("《", "brackets", ())]),
    ("我们用Python写一段代码。", [("用P", "zh-latin-spacing", ("用 P",)), ("n写", "zh-latin-spacing", ("n 写",))]),
    # A Chinese sentence naming a long English word is Chinese: words are counted, not letters.
    ("他用JavaScript写网页,很快。", [("用J", "zh-latin-spacing", ("用 J",)), ("t写", "zh-latin-spacing", ("t 写",)),
                                   (",", "zh-punctuation", ("，",))]),
    ("我们明天做火车回家。", [("做", "zh-characters", ("坐",))]),
    # 和 ends no clause unless in a word; 在 between a time to come and a verb ending the clause is 再.
    ("他说的和事实不符和。", [("和", "zh-characters", ("合",))]),
    ("这件事我们下次在聊吧。", [("在", "zh-characters", ("再",))]),
    # 是够 where 足够 belongs: after a verb of having, before 的 and a noun, before whom the amount serves.
    ("这些钱是够我们用一个月了。", [("是", "zh-characters", ("足",))]),
    ("我们没有是够的时间，也缺乏是够的耐心。", [("是", "zh-characters", ("足",)), ("是", "zh-characters", ("足",))]),
    ("完成它需要是够的勇气。", [("是", "zh-characters", ("足",))]),
    # A rare word one look-alike character off a much commoner one (jieba lists misspellings it met), and four
    # characters one sound-alike character off an idiom.
    ("这本书的第一部份写得很精采。", [("采", "zh-characters", ("彩",))]),
    ("会上的辨论很暄闹。", [("辨", "zh-characters", ("辩",)), ("暄", "zh-characters", ("喧",))]),
    ("这里的景色令人心旷神意。", [("意", "zh-characters", ("怡",))]),
    ("他做事总是优柔寡段。", [("段", "zh-characters", ("断",))]),
    ("他们变本加利地提高了价格。", [("利", "zh-characters", ("厉",))]),  # an idiom keeps a rare character
    # A paragraph whose lines are in two languages: each line's language has its checkers.
    ("We recieve it.\r\n他以经走了。", [("recieve", "spelling", ("receive",)), ("以", "zh-characters", ("已",))]),
])  # fmt: skip
def test_chinese(check, text, expected):
    assert check(text) == expected


@pytest.mark.parametrize("text", [
    "他说：“我们走吧。\n\n“明天再来。”",
    "我们在见面之前已经谈过了。",
    "这件事不了了之，大家的的确确都累了。",
    "他写的很多书都很有名。",
    "他说：“我明天再来。”「好的」，她回答。",
    "租客可以请政府派人检查房屋。",
    "在有风的日子里，风车转得很快。",
    "程序每隔几秒自动保存一次。",
    "他们为机器人设计更好的摄像头。",
    # A character that forms no word with its neighbours but is one alone (做, 已): no 在座, 不作 or 以下.
    "你知道自己在做什么吗？我今天无事可做。他不做任何解释就走了。文件已下载完成，或已删除。出门从来不带伞。",
    "孩子们在做飞机模型。这家工厂是做汽车的，也做汽车配件。他们公司做电梯。",
    "我们以后在北京工作，他们正在讨论。天气很暖和，他为人谦和。说明符和“+”一起用。",
    "孩子们趴在窗边，看着田野。他站在门边。",  # a word of place makes a word with any noun: no 床边
    # Rare words that are no misspelling, and idioms as they are.
    "把这个值存进一个整型变量。你用哪种方法？我们不以成败论英雄。这些必需品都是必须带的。重试一次就好了。",
    "我们要未雨绸缪，提前做好准备。这个方案考虑得很周到，可谓面面俱到。大家七嘴八舌地讨论起来。",
    # 是够 where 够 is the predicate.
    "时间是够了吗？钱是够的，不用担心。如果时间是够的话，我们再去一次。",
    "这一天真是够累的，真是够我受的。钱还是够我们用的。够是够，但是不多。这些钱是够我们用一个月的。",
    "他们是够朋友的。这份工作是够辛苦的。钱是够的时候再说。",
])  # fmt: skip
def test_chinese_left_alone(check, text):
    assert check(text) == []


def test_a_word_added_to_the_dictionary_is_no_longer_marked(checkers, tmp_path):
    dictionary = PersonalDictionary(tmp_path / "words.txt")
    proofreader = Proofreader(enabled(checkers, {}), dictionary)
    assert [d.rule for d in proofreader.check("A blorptastic idea.")] == ["spelling"]
    dictionary.add("blorptastic")
    assert proofreader.check("A blorptastic idea.") == []


def test_an_open_quote_is_marked_again_when_the_next_paragraph_no_longer_opens_with_one(checkers, tmp_path):
    """The quote left open for the next paragraph is checked again when that paragraph's start changes,
    though its own paragraph did not."""
    proofreader = Proofreader(enabled(checkers, {}), PersonalDictionary(tmp_path / "w.txt"))
    first = "“The town was a stop.\n\n“But then the river froze.”"
    assert proofreader.check(first) == []
    second = first.replace("\n\n“But", "\n\nBut")
    found = proofreader.check(second)
    assert [(second[d.start : d.end], d.rule) for d in found] == [("“", "brackets"), ("”", "brackets")]


def test_each_message_is_in_the_writers_language_whatever_the_rule_checks(checkers, tmp_path):
    """A Chinese rule reads in English in an English interface, an English rule in Chinese in a Chinese one."""
    text = "I recieve letters.\n\n他以经走了,我们明天再谈。"
    found = Proofreader(enabled(checkers, {}), PersonalDictionary(tmp_path / "w.txt")).check(text)
    assert [d.message_in("en_US") for d in found] == [
        "Unknown word: recieve", "“以” may be “已” (已经)", "Full-width “，” in Chinese text"]
    assert [d.message_in("zh_CN") for d in found] == ["未知单词：recieve", "“以”可能是“已”（已经）", "中文里用全角标点“，”"]
    assert [d.message_in("zh_TW") for d in found] == [d.message_in("zh_CN") for d in found]  # "zh" serves both
    assert [d.message_in("fr_FR") for d in found] == [d.message_in("en") for d in found]  # none: as written
