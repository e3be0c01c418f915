"""Paragraphs for measuring the tools, with reference keywords.

Every paragraph was written for this project (none is copied from elsewhere),
on everyday subjects a writer meets: news, science, history, travel, work.
The reference keywords are phrases each paragraph contains, in its own spelling.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    language: str  # "en" or "zh"
    text: str
    keywords: tuple[str, ...]


ENGLISH = [
    Sample("en", "The city council met on Tuesday to discuss the new park. Residents asked for more trees and a "
           "playground. The council agreed to plant two hundred trees next spring.",
           ("city council", "new park", "trees", "playground")),
    Sample("en", "Solar panels on school roofs now supply a third of the district's electricity. The savings pay "
           "for new science equipment, and pupils track the output on a screen in the hall.",
           ("solar panels", "school roofs", "electricity", "science equipment")),
    Sample("en", "The museum reopened after two years of repairs to its glass roof. Visitors can again see the "
           "whale skeleton that hangs in the main gallery.",
           ("museum", "glass roof", "whale skeleton", "main gallery")),
    Sample("en", "Heavy rain flooded the coastal road overnight, and the ferry service was cancelled. Engineers "
           "expect the road to reopen once the water drains.",
           ("heavy rain", "coastal road", "ferry service", "engineers")),
    Sample("en", "A local bakery has started delivering bread by bicycle. The owner says the bikes are cheaper "
           "than a van and faster in the narrow streets of the old town.",
           ("local bakery", "bread", "bicycle", "old town")),
    Sample("en", "Researchers found that bees recognise human faces by learning patterns of light and dark. The "
           "study may help engineers design better cameras for small robots.",
           ("bees", "human faces", "cameras", "small robots")),
    Sample("en", "The library now lends tools as well as books. Members can borrow a drill, a ladder or a sewing "
           "machine for a week at no cost.",
           ("library", "tools", "sewing machine", "books")),
    Sample("en", "Train tickets between the two capitals will cost less from March, when a second operator starts "
           "running services on the line.",
           ("train tickets", "two capitals", "second operator", "services")),
    Sample("en", "The hospital opened a garden where patients recovering from surgery can walk among herbs and "
           "flowers. Nurses say patients sleep better after time outdoors.",
           ("hospital", "garden", "patients", "surgery")),
    Sample("en", "Volunteers cleaned three tonnes of plastic from the river banks last weekend. Most of it was "
           "packaging from food and drink.",
           ("volunteers", "plastic", "river banks", "packaging")),
    Sample("en", "Coffee prices rose sharply after a drought damaged harvests in the main growing regions. "
           "Cafes expect to raise the price of a cup within months.",
           ("coffee prices", "drought", "harvests", "growing regions")),
    Sample("en", "The startup builds small wind turbines for apartment balconies. Each turbine charges a phone "
           "battery in about an hour on a breezy day.",
           ("startup", "wind turbines", "apartment balconies", "phone battery")),
    Sample("en", "Archaeologists uncovered a Roman road beneath the car park. The stones still show the ruts left "
           "by cart wheels two thousand years ago.",
           ("archaeologists", "Roman road", "car park", "cart wheels")),
    Sample("en", "The school replaced its bells with quiet music between lessons. Teachers report calmer "
           "corridors and fewer late arrivals.",
           ("school", "bells", "quiet music", "teachers")),
    Sample("en", "A new law requires landlords to fix damp and mould within two weeks of a complaint. Tenants "
           "can ask the council to inspect a flat.",
           ("new law", "landlords", "mould", "tenants")),
    Sample("en", "The orchestra played its first concert in the restored town hall. The acoustics surprised "
           "even the conductor, who called the sound warm and clear.",
           ("orchestra", "concert", "town hall", "conductor")),
    Sample("en", "Farmers in the valley switched from wheat to lentils, which need less water. The cooperative "
           "sells the lentils to restaurants in the city.",
           ("farmers", "wheat", "lentils", "cooperative")),
    Sample("en", "The airport will ban single-use plastic bottles from next year. Travellers can fill their own "
           "bottles at free water fountains after security.",
           ("airport", "plastic bottles", "water fountains", "travellers")),
    Sample("en", "A software update fixed the bug that drained phone batteries overnight. Users had complained "
           "for weeks on the company's forum.",
           ("software update", "bug", "phone batteries", "forum")),
    Sample("en", "The marathon route now passes the cathedral and the harbour. Organisers expect twenty thousand "
           "runners and many more people watching along the way.",
           ("marathon route", "cathedral", "harbour", "runners")),
]

CHINESE = [
    Sample("zh", "人工智能正在改变医疗行业。医生使用机器学习模型分析医学影像，提高诊断的准确率。同时，数据隐私和算法偏见也引起了广泛关注。",
           ("人工智能", "医疗行业", "医学影像", "数据隐私")),
    Sample("zh", "今天早上下了一场大雨，街上的人都撑着伞匆匆走过。小王忘了带伞，只好在便利店门口等雨停。",
           ("大雨", "伞", "便利店")),
    Sample("zh", "这座城市新开了一条地铁线路，连接机场和火车站。乘客从市中心到机场只需要二十五分钟。",
           ("地铁线路", "机场", "火车站", "乘客")),
    Sample("zh", "博物馆经过两年的修缮重新开放。游客可以再次看到挂在大厅里的鲸鱼骨架。",
           ("博物馆", "修缮", "游客", "鲸鱼骨架")),
    Sample("zh", "这家面包店开始用自行车送面包。老板说自行车比货车便宜，在老城区狭窄的街道上也更快。",
           ("面包店", "自行车", "老城区", "街道")),
    Sample("zh", "研究人员发现，蜜蜂能够通过学习明暗图案来识别人脸。这项研究可能帮助工程师为小型机器人设计更好的摄像头。",
           ("研究人员", "蜜蜂", "人脸", "机器人")),
    Sample("zh", "图书馆现在不仅借书，还出借工具。会员可以免费借用电钻、梯子或缝纫机一周。",
           ("图书馆", "工具", "缝纫机", "会员")),
    Sample("zh", "志愿者上周末从河岸清理了三吨塑料垃圾，其中大部分是食品和饮料的包装。",
           ("志愿者", "河岸", "塑料垃圾", "包装")),
    Sample("zh", "由于干旱影响了主要产区的收成，咖啡价格大幅上涨。咖啡馆预计几个月内会提高每杯的价格。",
           ("干旱", "收成", "咖啡价格", "咖啡馆")),
    Sample("zh", "考古学家在停车场下面发现了一条古罗马道路。石头上仍然可以看到两千年前车轮留下的车辙。",
           ("考古学家", "停车场", "古罗马道路", "车辙")),
    Sample("zh", "学校用轻柔的音乐代替了上下课的铃声。老师们说走廊更安静了，迟到的学生也少了。",
           ("学校", "音乐", "铃声", "走廊")),
    Sample("zh", "新法律要求房东在接到投诉后两周内修复潮湿和霉菌问题。租客可以请政府派人检查房屋。",
           ("新法律", "房东", "霉菌", "租客")),
    Sample("zh", "山谷里的农民把小麦换成了扁豆，因为扁豆需要的水更少。合作社把扁豆卖给城里的餐馆。",
           ("农民", "小麦", "扁豆", "合作社")),
    Sample("zh", "机场将从明年起禁止一次性塑料瓶。旅客过安检后可以在免费饮水机处给自己的水瓶装水。",
           ("机场", "塑料瓶", "旅客", "饮水机")),
    Sample("zh", "一次软件更新修复了夜间耗尽手机电池的问题。用户在公司论坛上抱怨了好几个星期。",
           ("软件更新", "手机电池", "用户", "论坛")),
    Sample("zh", "马拉松路线现在经过大教堂和港口。组织者预计会有两万名跑者参加，沿途观看的人会更多。",
           ("马拉松", "大教堂", "港口", "跑者")),
    Sample("zh", "医院开辟了一个花园，术后康复的病人可以在草药和鲜花之间散步。护士说病人在户外待过之后睡得更好。",
           ("医院", "花园", "病人", "护士")),
    Sample("zh", "这家初创公司为公寓阳台制造小型风力发电机。在有风的日子里，每台发电机大约一小时就能充满一块手机电池。",
           ("初创公司", "风力发电机", "阳台", "手机电池")),
    Sample("zh", "乐团在修复后的市政厅举行了第一场音乐会。连指挥也对那里的音响效果感到惊讶，说声音温暖而清晰。",
           ("乐团", "市政厅", "音乐会", "指挥")),
    Sample("zh", "从三月起，两座首都之间的火车票会更便宜，因为第二家运营商将开始在这条线路上提供服务。",
           ("火车票", "首都", "运营商", "线路")),
]

SAMPLES = ENGLISH + CHINESE
